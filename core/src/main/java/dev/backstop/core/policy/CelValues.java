package dev.backstop.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.plan.ResourceChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a change into the values a CEL condition sees. Sensitive values (per the plan's masks) are replaced by the
 * string {@code "(sensitive)"} before CEL sees them: a condition can test that a value is set, never what it is,
 * so no custom rule can carry a secret into a report.
 */
final class CelValues {
    static final String SENSITIVE = "(sensitive)";

    private CelValues() {
    }

    static Map<String, Object> change(ResourceChange change, Catalog catalog) {
        Map<String, Object> values = new HashMap<>();
        values.put("address", change.address());
        values.put("previous_address", text(change.previousAddress()));
        values.put("module_address", text(change.moduleAddress()));
        values.put("mode", text(change.mode()));
        values.put("type", change.type());
        values.put("name", text(change.name()));
        values.put("index", change.index() == null ? NullValue.NULL_VALUE : convert(change.index(), null));
        values.put("provider_name", text(change.providerName()));
        values.put("deposed", text(change.deposed()));
        values.put("actions", change.actions());
        values.put("kind", change.kind().label());
        values.put("action_reason", text(change.actionReason()));
        values.put("before", convert(change.before(), change.beforeSensitive()));
        values.put("after", convert(change.after(), change.afterSensitive()));
        values.put("after_unknown", convert(change.afterUnknown(), null));
        values.put("role", catalog.kind(change.type()).map(kind -> kind.role().label()).orElse(""));
        values.put("category", catalog.kind(change.type()).map(kind -> kind.category()).orElse(""));
        return values;
    }

    static Map<String, Object> plan(String workspace, String environment) {
        Map<String, Object> values = new HashMap<>();
        values.put("workspace", workspace == null ? "" : workspace);
        values.put("environment", environment == null ? "" : environment);
        return values;
    }

    private static Object text(String value) {
        return value == null ? NullValue.NULL_VALUE : value;
    }

    /** JSON to CEL: objects to maps, arrays to lists, whole numbers to int, others to double. */
    static Object convert(JsonNode node, JsonNode mask) {
        if (mask != null && mask.isBoolean() && mask.booleanValue()) {
            return SENSITIVE;
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), convert(field.getValue(), mask == null ? null : mask.get(field.getKey())));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(convert(node.get(i), mask == null ? null : mask.get(i)));
            }
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }
}
