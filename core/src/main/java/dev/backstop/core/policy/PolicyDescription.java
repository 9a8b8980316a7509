package dev.backstop.core.policy;

import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.catalog.Role;
import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.Severity;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The effective policy written out as a policy file, each value followed by a comment saying where it came from.
 * The text is itself a valid policy: {@code backstop policy show > .backstop.yml} reproduces the same decisions.
 */
public final class PolicyDescription {
    private static final int COMMENT_COLUMN = 56;

    private final Policy policy;
    private final LocalDate today;
    private final List<String> lines = new ArrayList<>();

    private PolicyDescription(Policy policy, LocalDate today) {
        this.policy = policy;
        this.today = today;
    }

    /** @param today marks exemptions that have expired */
    public static String describe(Policy policy, LocalDate today) {
        return new PolicyDescription(policy, today).render();
    }

    private String render() {
        lines.add("# The effective Backstop policy: the built-in default policy"
                + (policy.source().equals("built-in") ? "" : " extended by " + policy.source()) + ".");
        lines.add("# After each value: where it came from.");
        line("version: " + PolicyLoader.SUPPORTED_VERSION, null);
        line("blocking_severity: " + policy.blockingSeverity().label(), policy.origin("blocking_severity"));
        rules();
        environments();
        protect();
        exemptions();
        approvals();
        catalog();
        customRules();
        return String.join("\n", lines) + "\n";
    }

    private void rules() {
        line("rules:", null);
        RuleBook book = policy.ruleBook();
        for (RuleBook.RuleInfo info : book.infos()) {
            String id = info.id();
            line("  " + id + ":", null);
            Policy.RuleOverride override = policy.ruleOverrides().get(id);
            if (override != null && override.enabled() != null) {
                line("    enabled: " + override.enabled(), policy.origin("rules." + id + ".enabled"));
            }
            line("    severity: " + policy.severity(id).label(), policy.origin("rules." + id + ".severity"));
            if (info.settings() != null) {
                for (String name : info.settings().keySet()) {
                    line("    " + name + ": " + policy.setting(id, name), policy.origin("rules." + id + "." + name));
                }
            }
        }
    }

    private void environments() {
        if (policy.environments().isEmpty()) {
            line("environments: {}", null);
            return;
        }
        line("environments:", null);
        for (Environment environment : policy.environments()) {
            line("  " + quote(environment.name()) + ":", policy.origin("environments." + environment.name()));
            line("    production: " + environment.production(), null);
            patterns("    workspaces: ", environment.workspaces());
            patterns("    modules: ", environment.modules());
            valueMatchers("tags", environment.tags());
            patterns("    providers: ", environment.providers());
            valueMatchers("attributes", environment.attributes());
            if (environment.localConfirmation() != null) {
                line("    local_confirmation: " + environment.localConfirmation(), null);
            }
            if (!environment.approvals().isEmpty()) {
                line("    approvals: {" + environment.approvals().entrySet().stream()
                        .map(e -> e.getKey().label() + ": " + e.getValue()).collect(Collectors.joining(", ")) + "}",
                        null);
            }
        }
    }

    private void valueMatchers(String key, Map<String, List<AddressPattern>> matchers) {
        if (matchers.isEmpty()) {
            return;
        }
        line("    " + key + ":", null);
        for (Map.Entry<String, List<AddressPattern>> entry : matchers.entrySet()) {
            patterns("      " + quote(entry.getKey()) + ": ", entry.getValue());
        }
    }

    private void patterns(String prefix, List<AddressPattern> patterns) {
        if (!patterns.isEmpty()) {
            line(prefix + "[" + patterns.stream().map(p -> quote(p.toString())).collect(Collectors.joining(", "))
                    + "]", null);
        }
    }

    private void protect() {
        if (policy.protect().isEmpty()) {
            line("protect: []", null);
            return;
        }
        line("protect:", null);
        for (int i = 0; i < policy.protect().size(); i++) {
            ProtectEntry entry = policy.protect().get(i);
            String origin = policy.origin("protect[" + i + "]");
            String first = "  - ";
            if (entry.address() != null) {
                line(first + "address: " + quote(entry.address().toString()), origin);
                first = "    ";
                origin = null;
            }
            if (entry.type() != null) {
                line(first + "type: " + quote(entry.type().toString()), origin);
            }
            line("    reason: " + quote(entry.reason()), null);
        }
    }

    private void exemptions() {
        if (policy.exemptions().isEmpty()) {
            line("exempt: []", null);
            return;
        }
        line("exempt:", null);
        for (int i = 0; i < policy.exemptions().size(); i++) {
            Exemption exemption = policy.exemptions().get(i);
            line("  - rules: [" + exemption.rules().stream().map(PolicyDescription::quote)
                    .collect(Collectors.joining(", ")) + "]", policy.origin("exempt[" + i + "]"));
            if (exemption.address() != null) {
                line("    address: " + quote(exemption.address().toString()), null);
            }
            if (exemption.type() != null) {
                line("    type: " + quote(exemption.type().toString()), null);
            }
            line("    reason: " + quote(exemption.reason()), null);
            line("    owner: " + quote(exemption.owner()), null);
            line("    expires: " + exemption.expires(), exemption.isExpired(today) ? "EXPIRED: no longer applies" : null);
        }
    }

    private void approvals() {
        ApprovalPolicy approvals = policy.approvals();
        line("approvals:", null);
        line("  required:", null);
        for (Severity severity : Severity.values()) {
            ApprovalPolicy.Requirement requirement = approvals.required().get(severity);
            if (requirement == null) {
                continue;
            }
            String value = requirement.from().isEmpty() ? Integer.toString(requirement.count())
                    : "{count: " + requirement.count() + ", from: [" + requirement.from().stream()
                            .map(PolicyDescription::quote).collect(Collectors.joining(", ")) + "]}";
            line("    " + severity.label() + ": " + value, policy.origin("approvals.required." + severity.label()));
        }
        if (!approvals.groups().isEmpty()) {
            line("  groups:", null);
            approvals.groups().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(group ->
                    line("    " + quote(group.getKey()) + ": [" + group.getValue().stream()
                            .map(PolicyDescription::quote).collect(Collectors.joining(", ")) + "]",
                            policy.origin("approvals.groups." + group.getKey())));
        }
        line("  author_may_approve: " + approvals.authorMayApprove(), policy.origin("approvals.author_may_approve"));
        line("  max_age: " + duration(approvals.maxAge()), policy.origin("approvals.max_age"));
        line("  local_confirmation: " + approvals.localConfirmation(), policy.origin("approvals.local_confirmation"));
    }

    private void catalog() {
        if (policy.extraKinds().isEmpty() && policy.statelessTypes().isEmpty()) {
            line("catalog: {}", null);
            return;
        }
        line("catalog:", null);
        for (Role role : List.of(Role.DATA, Role.BACKUP)) {
            List<ResourceKind> kinds = policy.extraKinds().stream().filter(k -> k.role() == role).toList();
            if (kinds.isEmpty()) {
                continue;
            }
            String section = role == Role.BACKUP ? "backup" : "stateful";
            line("  " + section + ":", null);
            for (ResourceKind kind : kinds) {
                line("    - {type: " + kind.type() + ", category: " + kind.category()
                        + (kind.container() ? ", container: true" : "")
                        + (kind.encryptsData() ? ", encrypts_data: true" : "")
                        + ", note: " + quote(kind.note()) + "}",
                        policy.origin("catalog." + section + "." + kind.type()));
            }
        }
        if (!policy.statelessTypes().isEmpty()) {
            line("  stateless:", null);
            for (String type : policy.statelessTypes()) {
                line("    - " + type, policy.origin("catalog.stateless." + type));
            }
        }
    }

    private void customRules() {
        if (policy.customRules().isEmpty()) {
            line("custom_rules: []", null);
            return;
        }
        line("custom_rules:", null);
        for (CustomRule rule : policy.customRules()) {
            line("  - id: " + rule.id(), policy.origin("custom_rules." + rule.id()));
            line("    severity: " + (rule.deny() ? "deny" : rule.severity().label()), null);
            line("    message: " + quote(rule.message()), null);
            line("    condition: " + quote(rule.condition()), null);
        }
    }

    private void line(String text, String origin) {
        if (origin == null) {
            lines.add(text);
        } else {
            lines.add(text + " ".repeat(Math.max(1, COMMENT_COLUMN - text.length())) + "# " + origin);
        }
    }

    static String duration(Duration duration) {
        return dev.backstop.core.Durations.format(duration);
    }

    /** A YAML double-quoted string (JSON escaping is valid YAML), so any value reads back exactly. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
