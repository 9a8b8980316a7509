package dev.backstop.core.rules;

import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One thing a reviewer must know about a plan. Findings carry addresses, attribute paths and explanations, never
 * attribute values: that is how no output format can print a secret from the plan.
 *
 * @param rule          id of the rule that raised it, e.g. {@code destroy}
 * @param severity      how much it matters
 * @param address       the resource instance address ({@code displayAddress} for deposed objects)
 * @param type          resource type
 * @param actions       the planned actions, as Terraform wrote them
 * @param message       what happens and why, in words
 * @param reason        Terraform's {@code action_reason} code, or null
 * @param replacePaths  attribute paths that forced a replacement, rendered as {@code a.b[0]}; sensitive steps
 *                      are masked
 * @param remedy        the safer alternative, or null
 * @param denied        the policy denies this outright: no approval can override it (verdict {@code deny})
 * @param environment   the policy environment the resource belongs to ({@code production}, say), or null
 * @param exemption     why the policy exempts this finding (it no longer blocks), or null
 */
public record Finding(
        String rule,
        Severity severity,
        String address,
        String type,
        List<String> actions,
        String message,
        String reason,
        List<String> replacePaths,
        String remedy,
        boolean denied,
        String environment,
        String exemption) {

    public Finding(String rule, Severity severity, String address, String type, List<String> actions, String message,
            String reason, List<String> replacePaths, String remedy) {
        this(rule, severity, address, type, actions, message, reason, replacePaths, remedy, false, null, null);
    }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        // a plan-wide finding has no address and no type
        actions = actions == null ? List.of() : List.copyOf(actions);
        replacePaths = replacePaths == null ? List.of() : List.copyOf(replacePaths);
    }

    /** A finding about the plan as a whole (mass destroy, say) has no address. */
    public static Finding planWide(String rule, Severity severity, String message, String remedy) {
        return new Finding(rule, severity, null, null, List.of(), message, null, List.of(), remedy);
    }

    public Finding withSeverity(Severity raised) {
        return new Finding(rule, raised, address, type, actions, message, reason, replacePaths, remedy, denied,
                environment, exemption);
    }

    public Finding inEnvironment(String name) {
        return new Finding(rule, severity, address, type, actions, message, reason, replacePaths, remedy, denied, name,
                exemption);
    }

    /** The finding kept for the record, no longer blocking: an exemption lowers it to info. */
    public Finding exempted(String why) {
        return new Finding(rule, Severity.INFO, address, type, actions, message, reason, replacePaths, remedy, denied,
                environment, why);
    }

    /** True when the finding is about deleting an object (destroy or replace): these are shown first. */
    public boolean isDestructive() {
        return actions.contains("delete");
    }
}
