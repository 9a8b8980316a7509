package dev.backstop.core.report;

import dev.backstop.core.policy.CustomRule;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.rules.RuleBook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each rule is, for formats that describe rules beside their results (SARIF's rule metadata, which code
 * scanning shows as the alert's help). Built-in rules are described by policies/rules.yml; a policy's custom rules
 * by their message, condition and place in the policy file.
 */
public final class RuleDescriptions {
    /**
     * @param id      the rule id findings carry
     * @param title   one line
     * @param purpose what the rule flags and why, in a paragraph
     */
    public record RuleDescription(String id, String title, String purpose) {
    }

    private final Map<String, RuleDescription> rules;

    private RuleDescriptions(Map<String, RuleDescription> rules) {
        this.rules = rules;
    }

    /** The built-in rules, as {@code backstop explain} lists them. */
    public static RuleDescriptions builtIn() {
        return of(RuleBook.builtIn(), List.of());
    }

    /** The rules of the effective policy: the built-in ones and the policy's custom rules. */
    public static RuleDescriptions of(Policy policy) {
        return of(policy.ruleBook(), policy.customRules());
    }

    private static RuleDescriptions of(RuleBook book, List<CustomRule> custom) {
        Map<String, RuleDescription> rules = new LinkedHashMap<>();
        for (RuleBook.RuleInfo info : book.infos()) {
            rules.put(info.id(), new RuleDescription(info.id(), info.title(), info.purpose()));
        }
        for (CustomRule rule : custom) {
            rules.put(rule.id(), new RuleDescription(rule.id(), rule.message(), "Custom rule from the policy ("
                    + rule.position() + "): raises its message"
                    + (rule.deny() ? " and denies the plan" : " at severity " + rule.severity().label())
                    + " for each change where the condition `" + rule.condition() + "` holds."));
        }
        return new RuleDescriptions(rules);
    }

    /** Every rule, built-in first in the order of rules.yml, then custom rules in policy order. */
    public List<RuleDescription> all() {
        return List.copyOf(rules.values());
    }

    /** The rule's description; a rule not described anywhere is named by its id alone, never an error. */
    public RuleDescription of(String id) {
        RuleDescription rule = rules.get(id);
        return rule != null ? rule : new RuleDescription(id, id, "");
    }
}
