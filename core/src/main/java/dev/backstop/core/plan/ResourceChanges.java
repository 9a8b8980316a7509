package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@code resource_changes} entry into a {@link ResourceChange}, checking the fields a gate depends on.
 * A plan that lies about its shape (actions as a string, a null change) is rejected rather than half-read.
 */
final class ResourceChanges {
    private ResourceChanges() {
    }

    static ResourceChange fromJson(JsonNode entry, int position) {
        String where = "resource_changes[" + position + "]";
        if (!entry.isObject()) {
            throw new PlanException(where + " is " + PlanJson.describe(entry) + ", not an object");
        }
        ObjectNode node = (ObjectNode) entry;
        String address = requiredText(node, "address", where);
        where = where + " (" + PlanText.shown(address) + ")";
        String type = requiredText(node, "type", where);
        JsonNode change = node.get("change");
        if (change == null || !change.isObject()) {
            throw new PlanException(where + ": \"change\" is "
                    + (change == null ? "missing" : PlanJson.describe(change)) + ", expected an object");
        }
        List<String> actions = actions(change.get("actions"), where);
        String mode = optionalText(node, "mode", where);
        if (mode == null) {
            mode = "managed";
        }
        ResourceChange read = new ResourceChange(
                address,
                optionalText(node, "previous_address", where),
                optionalText(node, "module_address", where),
                mode,
                type,
                optionalText(node, "name", where),
                node.get("index"),
                optionalText(node, "provider_name", where),
                optionalText(node, "deposed", where),
                actions,
                change.get("before"),
                change.get("after"),
                change.get("after_unknown"),
                change.get("before_sensitive"),
                change.get("after_sensitive"),
                replacePaths(change.get("replace_paths"), where),
                optionalText(node, "action_reason", where),
                change.get("importing"));
        ChangeConsistency.check(read, where);
        return read;
    }

    private static List<String> actions(JsonNode actions, String where) {
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw new PlanException(where + ": change.actions is "
                    + (actions == null ? "missing" : PlanJson.describe(actions)) + ", expected a non-empty list of strings");
        }
        List<String> result = new ArrayList<>(actions.size());
        for (JsonNode action : actions) {
            if (!action.isTextual()) {
                throw new PlanException(where + ": change.actions holds " + PlanJson.describe(action)
                        + ", expected strings");
            }
            result.add(action.textValue());
        }
        return result;
    }

    private static JsonNode replacePaths(JsonNode paths, String where) {
        if (paths == null || paths.isNull()) {
            return null;
        }
        if (!paths.isArray()) {
            throw new PlanException(where + ": change.replace_paths is " + PlanJson.describe(paths) + ", expected a list");
        }
        for (JsonNode path : paths) {
            if (!path.isArray()) {
                throw new PlanException(where + ": change.replace_paths holds " + PlanJson.describe(path)
                        + ", expected a list of path steps");
            }
            for (JsonNode step : path) {
                if (!step.isTextual() && !step.isIntegralNumber()) {
                    throw new PlanException(where + ": a change.replace_paths step is " + PlanJson.describe(step)
                            + ", expected a string or an integer");
                }
            }
        }
        return paths;
    }

    private static String requiredText(ObjectNode node, String field, String where) {
        String value = optionalText(node, field, where);
        if (value == null) {
            throw new PlanException(where + ": \"" + field + "\" is missing");
        }
        return value;
    }

    private static String optionalText(ObjectNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new PlanException(where + ": \"" + field + "\" is " + PlanJson.describe(value) + ", expected a string");
        }
        return value.textValue();
    }
}
