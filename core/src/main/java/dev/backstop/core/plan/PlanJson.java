package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Never echo plan content in error locations: it may be secret.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private PlanJson() {
    }

    public static JsonFactory factory() {
        return FACTORY;
    }

    /** A mapper whose trees keep numbers exact; used to build one resource change at a time. */
    public static ObjectMapper mapper() {
        return MAPPER;
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
