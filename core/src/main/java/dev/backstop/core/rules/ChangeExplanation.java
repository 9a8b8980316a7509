package dev.backstop.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.plan.Sensitivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts into words why Terraform plans a change, from its {@code action_reason} and {@code replace_paths}. */
public final class ChangeExplanation {
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("replace_because_cannot_update", "a changed attribute cannot be updated in place, so the object must be re-created"),
            Map.entry("replace_because_tainted", "the object is tainted (a previous apply failed part-way), so Terraform re-creates it"),
            Map.entry("replace_by_request", "a replacement was requested with -replace"),
            Map.entry("replace_by_triggers", "replace_triggered_by fired because a referenced value changed"),
            Map.entry("delete_because_no_resource_config", "the resource block was removed from the configuration (or renamed without a `moved` block)"),
            Map.entry("delete_because_wrong_repetition", "count/for_each was added or removed, so the instance key no longer matches"),
            Map.entry("delete_because_count_index", "the count shrank below this instance's index"),
            Map.entry("delete_because_each_key", "this key is no longer in for_each"),
            Map.entry("delete_because_no_module", "the module call (or this module instance) was removed from the configuration"),
            Map.entry("delete_because_no_move_target", "a `moved` block points at an address that does not exist"),
            Map.entry("delete_because_enabled_false", "the resource's `enabled` meta-argument is false (OpenTofu)"),
            Map.entry("read_because_config_unknown", "the data source's configuration is not known until apply"),
            Map.entry("read_because_dependency_pending", "the data source depends on a change that is still pending"),
            Map.entry("read_because_check_nested", "the data source belongs to a check block"));

    private ChangeExplanation() {
    }

    /** What will happen to the object and why, e.g. "will be destroyed: the count shrank ...". */
    public static String happening(ResourceChange change) {
        String what;
        if (change.kind() == dev.backstop.core.plan.ChangeKind.REPLACE) {
            what = change.isCreateBeforeDestroy()
                    ? "will be replaced (the new object is created first, then the existing one is destroyed)"
                    : "will be destroyed and re-created";
        } else if (change.kind() == dev.backstop.core.plan.ChangeKind.DELETE) {
            what = "will be destroyed";
        } else {
            what = "will be deleted by actions " + change.actions();
        }
        StringBuilder text = new StringBuilder(what);
        String because = reason(change);
        if (because != null) {
            text.append(": ").append(because);
        }
        List<String> paths = replacePaths(change);
        if (!paths.isEmpty()) {
            text.append(paths.size() == 1 ? "; changing `" + paths.get(0) + "` forces it"
                    : "; changing `" + String.join("`, `", paths) + "` forces it");
        }
        return text.toString();
    }

    /** Why Terraform plans this change, in words; null when the plan does not say. */
    public static String reason(ResourceChange change) {
        String code = change.actionReason();
        if (code == null) {
            if (change.deposed() != null) {
                return "a deposed object left behind by an earlier create_before_destroy apply is being cleaned up";
            }
            return null;
        }
        return REASONS.getOrDefault(code, "Terraform gives the reason \"" + code + "\"");
    }

    /**
     * The attribute paths that forced a replacement, as {@code a.b[0].c}. Steps that lie beneath a sensitive value
     * (a map key inside a sensitive map, say) are masked, since they can themselves be secret.
     */
    public static List<String> replacePaths(ResourceChange change) {
        JsonNode paths = change.replacePaths();
        if (paths == null || !paths.isArray()) {
            return List.of();
        }
        List<String> rendered = new ArrayList<>(paths.size());
        for (JsonNode path : paths) {
            rendered.add(renderPath(change, path));
        }
        return rendered;
    }

    static String renderPath(ResourceChange change, JsonNode path) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            if (i > 0 && Sensitivity.covers(change, path, i)) {
                text.append(".(sensitive)");
                break;
            }
            JsonNode step = path.get(i);
            if (step.isIntegralNumber()) {
                text.append('[').append(step.asText()).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(step.asText());
            }
        }
        return text.toString();
    }
}
