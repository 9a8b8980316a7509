package dev.backstop.core.approval;

import dev.backstop.core.verdict.Severity;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of checking a plan's approvals: what the policy required, which approvals counted, which did not and
 * why. Part of the neutral report; every front end renders it as it is.
 *
 * @param requirements what the blocking findings need, each with who fulfilled it and what is missing
 * @param accepted     approvals that count
 * @param rejected     approvals that do not count, each with its reason
 * @param satisfied    true when every requirement is met (the plan is approved)
 */
public record ApprovalReview(List<Requirement> requirements, List<Accepted> accepted, List<Rejected> rejected,
        boolean satisfied) {

    public ApprovalReview {
        requirements = List.copyOf(requirements);
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /**
     * @param severity    the findings' severity
     * @param environment the environment whose stricter count applies, or null
     * @param needed      distinct approvers needed
     * @param from        approver groups they must belong to (empty: anyone allowed to sign)
     * @param approvedBy  principals that count towards it
     */
    public record Requirement(Severity severity, String environment, int needed, List<String> from,
            List<String> approvedBy) {
        public Requirement {
            from = List.copyOf(from);
            approvedBy = List.copyOf(approvedBy);
        }

        public boolean isMet() {
            return approvedBy.size() >= needed;
        }

        /** In words: "critical findings (production) need 2 distinct approvers from leads; 1 so far: alice". */
        public String describe() {
            return severity.label() + " findings" + (environment == null ? "" : " (" + environment + ")") + " need "
                    + needed + " distinct approver" + (needed == 1 ? "" : "s")
                    + (from.isEmpty() ? "" : " from " + String.join(" or ", from)) + "; "
                    + (approvedBy.isEmpty() ? "none so far" : approvedBy.size() + " so far: "
                            + String.join(", ", approvedBy));
        }
    }

    /**
     * An approval that counts: who, with which key, from where, valid until when.
     *
     * @param keyFingerprint the signing key ({@code SHA256:...}), or null for a channel approval (a review)
     * @param expires        when a signed approval stops counting, or null for a channel approval, which counts
     *                       until the policy's {@code max_age}
     */
    public record Accepted(String principal, String keyFingerprint, String source, String channel, Instant created,
            Instant expires) {

        /** In words, after the principal: "ssh-signature, SHA256:abc, approvals/a.json, until 2026-11-28T10:00:00Z". */
        public String describe() {
            return channel + (keyFingerprint == null ? "" : ", " + keyFingerprint) + ", " + source
                    + (expires == null ? ", given " + created : ", until " + expires);
        }
    }

    /** An approval that does not count, and why; principal is null when the file could not be read that far. */
    public record Rejected(String source, String principal, String reason) {
    }

    /** What is still missing, one line per unmet requirement. */
    public List<String> missing() {
        return requirements.stream().filter(r -> !r.isMet()).map(Requirement::describe).toList();
    }
}
