package dev.backstop.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.backstop.core.policy.YamlNode.ScalarNode.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a policy file into {@link YamlNode}s that keep their positions. Stricter than YAML itself, because a
 * policy is a security control that reviewers read: duplicate keys (the second would silently win), anchors and
 * aliases (a value defined somewhere else) and several documents in one file are rejected.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private final String file;
    private final String text;
    private YAMLParser parser;

    private YamlTree(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** The document's root node, or null for a file with no content. */
    static YamlNode parse(String file, String text) {
        return new YamlTree(file, text).parse();
    }

    private YamlNode parse() {
        try (YAMLParser p = (YAMLParser) FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = read(first);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new PolicyException(position(), "a policy file holds one YAML document; remove the second");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            SourcePosition position = where == null ? new SourcePosition(file, 1, 1)
                    : new SourcePosition(file, Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()));
            throw new PolicyException(position, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new PolicyException(new SourcePosition(file, 1, 1), "cannot read: " + e.getMessage());
        }
    }

    private YamlNode read(JsonToken token) throws IOException {
        SourcePosition position = position();
        if (parser.getObjectId() != null) {
            throw new PolicyException(position, "YAML anchors (&name) are not supported in a policy: write the value"
                    + " out where it is used, so reviewers see it there");
        }
        return switch (token) {
            case START_OBJECT -> readMap(position);
            case START_ARRAY -> readList(position);
            default -> readScalar(token, position);
        };
    }

    private YamlNode readMap(SourcePosition position) throws IOException {
        Map<String, YamlNode.MapNode.Entry> entries = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SourcePosition keyPosition = position();
            if (entries.containsKey(key)) {
                throw new PolicyException(keyPosition, "duplicate key \"" + key + "\" (first written at line "
                        + entries.get(key).keyPosition().line() + "); YAML would silently keep only one");
            }
            YamlNode value = read(parser.nextToken());
            entries.put(key, new YamlNode.MapNode.Entry(key, keyPosition, value));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new PolicyException(position(), "unexpected " + token + " in a mapping");
        }
        return new YamlNode.MapNode(position, entries);
    }

    private YamlNode readList(SourcePosition position) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new PolicyException(position, "unterminated list");
            }
            items.add(read(token));
        }
        return new YamlNode.ListNode(position, items);
    }

    private YamlNode readScalar(JsonToken token, SourcePosition position) throws IOException {
        char style = charAt(position);
        if (style == '&') {
            throw new PolicyException(position, "YAML anchors (&name) are not supported in a policy: write the value"
                    + " out where it is used, so reviewers see it there");
        }
        if (style == '*' || parser.isCurrentAlias()) {
            throw new PolicyException(position, "YAML aliases (*name) are not supported in a policy: write the value"
                    + " out where it is used, so reviewers see it there");
        }
        Kind kind = switch (token) {
            case VALUE_STRING -> Kind.STRING;
            case VALUE_NUMBER_INT -> Kind.INTEGER;
            case VALUE_NUMBER_FLOAT -> Kind.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
            case VALUE_NULL -> Kind.NULL;
            default -> throw new PolicyException(position, "unexpected " + token);
        };
        String value = switch (kind) {
            case BOOLEAN -> Boolean.toString(token == JsonToken.VALUE_TRUE);
            case NULL -> "";
            default -> parser.getText();
        };
        return new YamlNode.ScalarNode(position, value, kind, style);
    }

    private SourcePosition position() {
        JsonLocation location = parser.currentTokenLocation();
        return new SourcePosition(file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** The character written at a position, to tell quoted, block and alias scalars apart. */
    private char charAt(SourcePosition position) {
        int offset = offsetOf(text, position.line(), position.column());
        return offset >= 0 && offset < text.length() ? text.charAt(offset) : ' ';
    }

    /** Character offset of a 1-based line and column in {@code text}, or -1. */
    static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int current = 1; current < line; current++) {
            int newline = text.indexOf('\n', offset);
            if (newline < 0) {
                return -1;
            }
            offset = newline + 1;
        }
        return offset + column - 1;
    }
}
