package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one JSON configuration used to read plans.
 *
 * <p>Real plans carry single strings of tens of MB (base64 user_data, policy documents) and numbers of any length
 * (2^64 appears whole), so the Jackson defaults are raised for strings and kept exact for numbers. Nesting stays
 * bounded so a hostile file cannot exhaust the stack; duplicate keys are an error because a second
 * {@code "actions"} could hide a delete behind an innocent first one.
 */
public final class PlanJson {
    /** Longest single string accepted, in characters. Real plans reach tens of MB; 100 MB must parse. */
    public static final int MAX_STRING_LENGTH = 256 * 1024 * 1024;
    /** Deepest nesting accepted. Terraform values nest a few dozen levels; far beyond that is hostile. */
    public static final int MAX_NESTING_DEPTH = 2_000;
    /** Longest object key accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 1024 * 1024;
    /** Longest number accepted, in characters: exact integers such as 2^64 fit many times over. */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    /** Reads UTF-8 with a {@link SkippingParser}, which skips unread values outside its token loop. */
    private static final JsonFactory FACTORY = new PlanJsonFactory(configured());

    /** Trees keep numbers exact: BigDecimal as written, never double. */
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /**
     * Built on first use only: starting an ObjectMapper costs more than reading a small plan (docs/performance.md),
     * and a check builds its trees with {@link #readTree} instead.
     */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
                .nodeFactory(NODES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }

    private PlanJson() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** The limits and features of every plan parser; the tests also build Jackson's own factory from them. */
    static JsonFactoryBuilder configured() {
        return new JsonFactoryBuilder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Never echo plan content in error locations: it may be secret.
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION);
    }

    /** A mapper whose trees keep numbers exact, for the JSON Backstop writes and reads back (approvals, audit). */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /** The node factory of {@link #mapper()} and {@link #readTree}. */
    public static JsonNodeFactory nodes() {
        return NODES;
    }

    /**
     * The tree of the value the parser is on (its current token), exactly as {@link #mapper()} would build it:
     * integers as int, long or BigInteger nodes by size, other numbers as exact BigDecimal nodes, and a key given
     * twice in one object refused ({@code FAIL_ON_READING_DUP_TREE_KEY}). Leaves the parser on the value's last
     * token. Nesting is bounded by the parser's {@link #MAX_NESTING_DEPTH}.
     */
    public static JsonNode readTree(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return MissingNode.getInstance();
        }
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                JsonToken next;
                while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.replace(name, readTree(parser)) != null) {
                        throw new JsonParseException(parser, "Duplicate field '" + name + "' for `ObjectNode`");
                    }
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new JsonParseException(parser, "Unexpected token " + next + " in an object");
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new JsonEOFException(parser, null, "Unexpected end-of-input in an array");
                    }
                    array.add(readTree(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT: return NODES.numberNode(parser.getIntValue());
                    case LONG: return NODES.numberNode(parser.getLongValue());
                    default: return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "Unexpected token " + token);
        }
    }

    /**
     * A generator for Backstop's own JSON output: UTF-8, two-space indent, {@code "key": value}; it leaves
     * {@code out} open, since that is often standard output.
     */
    public static JsonGenerator prettyGenerator(OutputStream out) throws IOException {
        JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        json.setPrettyPrinter(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
        return json;
    }

    /** "a string", "an array", ... for error messages that say what was found instead. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        switch (node.getNodeType()) {
            case ARRAY: return "a list";
            case OBJECT: return "an object";
            case STRING: return "a string";
            case NUMBER: return "a number";
            case BOOLEAN: return "a boolean";
            case NULL: return "null";
            default: return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_ARRAY: return "a list";
            case START_OBJECT: return "an object";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
