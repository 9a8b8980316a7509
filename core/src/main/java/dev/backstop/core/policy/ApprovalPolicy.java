package dev.backstop.core.policy;

import dev.backstop.core.verdict.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who must sign off, and how many. Counts are of distinct people per severity; the strictest blocking finding in a
 * plan sets the count. Approver groups name principals the way each channel knows them:
 * {@code alice@example.com} (a signing principal), {@code github:octocat}, {@code github-team:acme/dba},
 * {@code jenkins:bob}, {@code jenkins-group:ops}.
 *
 * @param required         per severity: how many distinct approvers, and from which groups (empty: anyone the
 *                         channel trusts, such as a key in allowed signers or a GitHub user with write access)
 * @param groups           group name to its members
 * @param authorMayApprove whether the plan's author counts as an approver (default never)
 * @param maxAge           how old an approval may be when the plan is applied
 * @param localConfirmation whether a person at a terminal (not CI, not a script) may confirm a plan by typing what
 *                         it destroys, instead of signed approvals ({@code backstop apply})
 */
public record ApprovalPolicy(Map<Severity, Requirement> required, Map<String, List<String>> groups,
        boolean authorMayApprove, Duration maxAge, boolean localConfirmation) {

    /** The principal kinds a group member may name; a plain value (no prefix) is a signing principal. */
    public static final List<String> PRINCIPAL_KINDS = List.of("github", "github-team", "jenkins", "jenkins-group");

    public ApprovalPolicy {
        required = Map.copyOf(required);
        groups = Map.copyOf(groups);
    }

    /** How many distinct approvers, and from which groups, for one severity. */
    public record Requirement(int count, List<String> from) {
        public Requirement {
            from = List.copyOf(from);
        }
    }

    /** The requirement for a finding of {@code severity}, raised by the environment's own count when higher. */
    public Requirement requirementFor(Severity severity, Optional<Environment> environment) {
        Requirement base = required.getOrDefault(severity, new Requirement(0, List.of()));
        Integer stricter = environment.map(env -> env.approvals().get(severity)).orElse(null);
        return stricter != null && stricter > base.count() ? new Requirement(stricter, base.from()) : base;
    }

    /**
     * Whether any approver group names this principal, or one of the group principals it belongs to. A channel
     * that only trusts people with some standing (GitHub: write access) also trusts the people the policy names.
     */
    public boolean names(String principal, java.util.Set<String> memberOf) {
        return groups.values().stream().anyMatch(members -> members.contains(principal)
                || memberOf.stream().anyMatch(members::contains));
    }
}
