package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@code resource_changes} entry into a {@link ResourceChange}, checking the fields a gate depends on.
 * A plan that lies about its shape (actions as a string, a null change) is rejected rather than half-read.
 */
final class ResourceChanges {
    private ResourceChanges() {
    }

    /**
     * Reads one {@code resource_changes} entry (the parser is on its first token) into the object that
     * {@link #fromJson} checks, building the value trees only when {@code handler} wants them. Anything that is not
     * an object is read whole, so {@link #fromJson} reports it as before.
     */
    static JsonNode readEntry(JsonParser parser, PlanHandler handler) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return PlanJson.readTree(parser);
        }
        ObjectNode entry = PlanJson.nodes().objectNode();
        int order = 0;
        boolean skipped = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            JsonNode node;
            if (field.equals("change") && value == JsonToken.START_OBJECT) {
                ReadChange change = readChange(parser, order >= 0 ? handler : null, entry);
                node = change.change();
                skipped = change.skipped();
            } else {
                if (skipped && field.equals("previous_address")) {
                    // Terraform and OpenTofu write it before "change"; values were skipped on the strength of that.
                    throw new PlanException("the plan's resource_changes entry for " + entry.path("address").asText()
                            + " has \"previous_address\" after \"change\", in no order Terraform writes; refusing"
                            + " rather than judging it on values that were not read");
                }
                node = value(parser, value);
                order = order < 0 ? order : next(order, field);
            }
            put(parser, entry, field, node);
        }
        return entry;
    }

    /**
     * The position after {@code field} among the keys Terraform and OpenTofu write before {@code change} (Go struct
     * order: address, previous_address, module_address, mode, type, name, index, index_unknown, provider_name,
     * deposed), or -1 once the keys are seen out of that order: then no value is skipped, since a
     * {@code previous_address} could still follow.
     */
    private static int next(int order, String field) {
        int position = switch (field) {
            case "address" -> 0;
            case "previous_address" -> 1;
            case "module_address" -> 2;
            case "mode" -> 3;
            case "type" -> 4;
            case "name" -> 5;
            case "index" -> 6;
            case "index_unknown" -> 7;
            case "provider_name" -> 8;
            case "deposed" -> 9;
            default -> -1;
        };
        if (position < order || (order == 0 && position != 0)) {
            return -1;
        }
        return position + 1;
    }

    private record ReadChange(ObjectNode change, boolean skipped) {
    }

    /** Which entry an error is about, spelled out only when there is an error: "resource_changes[3] (aws_s3_bucket.b)". */
    private record Where(int position, String address) {
        @Override
        public String toString() {
            return "resource_changes[" + position + "]" + (address == null ? "" : " (" + PlanText.shown(address) + ")");
        }
    }

    /** {@code handler} is null when the entry's keys came in an order that rules skipping out. */
    private static ReadChange readChange(JsonParser parser, PlanHandler handler, ObjectNode entry) throws IOException {
        ObjectNode change = PlanJson.nodes().objectNode();
        Boolean wanted = handler == null ? Boolean.TRUE : null;
        int skipped = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            int bit = valueBit(field);
            if (bit != 0) {
                if (wanted == null) {
                    wanted = wantsValues(handler, entry, change.get("actions"));
                }
                if (!wanted) {
                    if ((skipped & bit) != 0) {
                        throw duplicate(parser);
                    }
                    skipped |= bit;
                    SkippingParser.skip(parser);
                    continue;
                }
            }
            put(parser, change, field, value(parser, value));
        }
        return new ReadChange(change, skipped != 0);
    }

    /** A bit for each value tree a handler may decline ({@link PlanHandler#wantsValues}), 0 for any other key. */
    private static int valueBit(String field) {
        switch (field) {
            case "before": return 1;
            case "after": return 2;
            case "after_unknown": return 4;
            case "before_sensitive": return 8;
            case "after_sensitive": return 16;
            default: return 0;
        }
    }

    /** Asks the handler, when what it decides on has been read and is well formed; otherwise the values are built. */
    private static boolean wantsValues(PlanHandler handler, ObjectNode entry, JsonNode actions) {
        JsonNode mode = entry.get("mode");
        JsonNode type = entry.get("type");
        if (mode == null || !mode.isTextual() || type == null || !type.isTextual() || actions == null
                || !actions.isArray() || actions.isEmpty()) {
            return true;
        }
        List<String> list = new ArrayList<>(actions.size());
        for (JsonNode action : actions) {
            if (!action.isTextual()) {
                return true;
            }
            list.add(action.textValue());
        }
        JsonNode address = entry.get("address");
        JsonNode previous = entry.get("previous_address");
        return handler.wantsValues(mode.textValue(), type.textValue(), address != null && address.isTextual()
                ? address.textValue() : null, previous != null && previous.isTextual() ? previous.textValue() : null,
                java.util.Collections.unmodifiableList(list));
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return PlanJson.readTree(parser);
    }

    private static void put(JsonParser parser, ObjectNode object, String field, JsonNode value) throws JsonParseException {
        if (object.has(field)) {
            throw duplicate(parser);
        }
        object.set(field, value);
    }

    /**
     * A key given twice. Raised as Jackson raises its own, so that {@link PlanReader#translate} words it and places
     * it in the file.
     */
    static JsonParseException duplicate(JsonParser parser) {
        return new JsonParseException(parser, "Duplicate field in one object");
    }

    static ResourceChange fromJson(JsonNode entry, int position) {
        Where where = new Where(position, null);
        if (!entry.isObject()) {
            throw new PlanException(where + " is " + PlanJson.describe(entry) + ", not an object");
        }
        ObjectNode node = (ObjectNode) entry;
        String address = requiredText(node, "address", where);
        where = new Where(position, address);
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

    private static List<String> actions(JsonNode actions, Where where) {
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

    private static JsonNode replacePaths(JsonNode paths, Where where) {
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

    private static String requiredText(ObjectNode node, String field, Where where) {
        String value = optionalText(node, field, where);
        if (value == null) {
            throw new PlanException(where + ": \"" + field + "\" is missing");
        }
        return value;
    }

    private static String optionalText(ObjectNode node, String field, Where where) {
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
