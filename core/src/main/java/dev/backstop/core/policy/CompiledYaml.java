package dev.backstop.core.policy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link YamlNode} tree as JSON, positions, kinds and styles included, so the built-in default policy is read at
 * run time with the JSON parser and still says where each of its values came from ({@code backstop policy show}
 * prints {@code default-policy.yml:7:20}). A mapping is {@code ["m",line,column,[[key,line,column,value],...]]},
 * a list {@code ["l",line,column,[values]]}, a scalar {@code ["s",line,column,value,kind,style]}.
 */
final class CompiledYaml {
    private CompiledYaml() {
    }

    static void write(YamlNode node, JsonGenerator json) throws IOException {
        json.writeStartArray();
        if (node instanceof YamlNode.MapNode map) {
            position(json, "m", map.position());
            json.writeStartArray();
            for (YamlNode.MapNode.Entry entry : map.entries().values()) {
                json.writeStartArray();
                json.writeString(entry.key());
                json.writeNumber(entry.keyPosition().line());
                json.writeNumber(entry.keyPosition().column());
                write(entry.value(), json);
                json.writeEndArray();
            }
            json.writeEndArray();
        } else if (node instanceof YamlNode.ListNode list) {
            position(json, "l", list.position());
            json.writeStartArray();
            for (YamlNode item : list.items()) {
                write(item, json);
            }
            json.writeEndArray();
        } else {
            YamlNode.ScalarNode scalar = (YamlNode.ScalarNode) node;
            position(json, "s", scalar.position());
            json.writeString(scalar.value());
            json.writeString(scalar.kind().name());
            json.writeString(String.valueOf(scalar.style()));
        }
        json.writeEndArray();
    }

    private static void position(JsonGenerator json, String kind, SourcePosition position) throws IOException {
        json.writeString(kind);
        json.writeNumber(position.line());
        json.writeNumber(position.column());
    }

    static YamlNode read(JsonNode node, String file) {
        if (node == null || !node.isArray() || node.size() < 4) {
            throw new BackstopException("the built-in data holds a malformed policy node for " + file);
        }
        SourcePosition position = new SourcePosition(file, node.get(1).intValue(), node.get(2).intValue());
        switch (node.get(0).asText()) {
            case "m": {
                Map<String, YamlNode.MapNode.Entry> entries = new LinkedHashMap<>();
                for (JsonNode entry : node.get(3)) {
                    String key = entry.get(0).asText();
                    entries.put(key, new YamlNode.MapNode.Entry(key,
                            new SourcePosition(file, entry.get(1).intValue(), entry.get(2).intValue()),
                            read(entry.get(3), file)));
                }
                return new YamlNode.MapNode(position, entries);
            }
            case "l": {
                List<YamlNode> items = new ArrayList<>();
                for (JsonNode item : node.get(3)) {
                    items.add(read(item, file));
                }
                return new YamlNode.ListNode(position, items);
            }
            default:
                return new YamlNode.ScalarNode(position, node.get(3).asText(),
                        YamlNode.ScalarNode.Kind.valueOf(node.get(4).asText()), node.get(5).asText().charAt(0));
        }
    }
}
