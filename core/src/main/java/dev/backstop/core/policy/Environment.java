package dev.backstop.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.Map;

/**
 * A named environment and how to recognise it. A production environment raises the severity of its findings one
 * level and may demand more approvals. A resource belongs to the first environment, in policy order, that matches
 * any of: the workspace, its module, a tag or label, its provider configuration, or one of its attributes.
 *
 * @param workspaces  workspace names ({@code TF_WORKSPACE} or {@code --workspace}); a match covers the whole plan
 * @param modules     module addresses; a module covers the modules inside it
 * @param tags        tag or label key to accepted values, looked up in {@code tags}, {@code tags_all} and
 *                    {@code labels} of the before and after values
 * @param providers   provider configurations such as {@code aws.prod} (the alias the resource uses)
 * @param attributes  top-level attribute name (say {@code project} or {@code subscription_id}) to accepted values
 * @param approvals   distinct approvers needed per severity here, where more than the policy's default
 * @param localConfirmation false forbids confirming at a terminal for findings here; null keeps the policy's rule
 */
public record Environment(
        String name,
        boolean production,
        List<AddressPattern> workspaces,
        List<AddressPattern> modules,
        Map<String, List<AddressPattern>> tags,
        List<AddressPattern> providers,
        Map<String, List<AddressPattern>> attributes,
        Map<Severity, Integer> approvals,
        Boolean localConfirmation,
        SourcePosition position) {

    private static final List<String> TAG_ATTRIBUTES = List.of("tags", "tags_all", "labels");

    public Environment {
        workspaces = List.copyOf(workspaces);
        modules = List.copyOf(modules);
        tags = Map.copyOf(tags);
        providers = List.copyOf(providers);
        attributes = Map.copyOf(attributes);
        approvals = Map.copyOf(approvals);
    }

    public boolean matchesWorkspace(String workspace) {
        return workspace != null && workspaces.stream().anyMatch(p -> p.matches(workspace));
    }

    /** Matches on what the change itself carries: module, tags or labels, attributes. */
    public boolean matchesChange(ResourceChange change) {
        String module = change.moduleAddress();
        if (module != null && modules.stream().anyMatch(p -> p.matchesWithin(module))) {
            return true;
        }
        return matchesValues(change.before()) || matchesValues(change.after());
    }

    /** {@code key} is a provider configuration key from the plan's configuration: {@code module.x:aws.prod}. */
    public boolean matchesProvider(String key) {
        if (key == null || providers.isEmpty()) {
            return false;
        }
        String configuration = key.substring(key.lastIndexOf(':') + 1);
        return providers.stream().anyMatch(p -> p.matches(configuration));
    }

    public boolean usesProviders() {
        return !providers.isEmpty();
    }

    private boolean matchesValues(JsonNode values) {
        if (values == null || !values.isObject()) {
            return false;
        }
        for (Map.Entry<String, List<AddressPattern>> tag : tags.entrySet()) {
            for (String attribute : TAG_ATTRIBUTES) {
                if (anyMatch(values.path(attribute).get(tag.getKey()), tag.getValue())) {
                    return true;
                }
            }
        }
        for (Map.Entry<String, List<AddressPattern>> attribute : attributes.entrySet()) {
            if (anyMatch(values.get(attribute.getKey()), attribute.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatch(JsonNode value, List<AddressPattern> patterns) {
        if (value == null || !value.isValueNode() || value.isNull()) {
            return false;
        }
        String text = value.asText();
        return patterns.stream().anyMatch(p -> p.matches(text));
    }
}
