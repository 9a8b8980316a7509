package dev.backstop.core.approval;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.approval.ssh.SshSignature;
import dev.backstop.core.policy.ApprovalPolicy;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which signed approvals count for a checked plan, and whether together they meet the policy. Pure Java: the
 * SSH signatures are verified with the JDK's own crypto, nothing is run.
 *
 * <p>An approval counts only if all of these hold: it is a well-formed approval; its SSH signature is valid under
 * namespace {@value #NAMESPACE}; its key is not revoked and is allowed for the principal it names, at the time it
 * says it was made; it approves this plan's fingerprint; it covers every blocking finding; it is not expired, not
 * from the future and not older than the policy's {@code max_age}; its principal is not the plan's author (unless
 * the policy allows that); and it is the first from this person and this key. Approvals from other channels
 * ({@link ChannelApproval}: a pull-request review, a Jenkins input step) arrive already vouched for by their front
 * end; the age, author and count-once rules apply to them the same way. The policy's count of distinct approvers
 * is then checked per severity (and environment) over all of them.
 */
public final class ApprovalVerifier {
    /** The SSHSIG namespace of Backstop approvals; a signature made for git or anything else never counts. */
    public static final String NAMESPACE = "backstop";
    /** Clocks differ; an approval may claim to be this far in the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Policy policy;
    private final AllowedSigners signers;
    private final RevokedKeys revoked;
    private final String author;
    private final Clock clock;

    /** @param author the plan's author (never an approver unless the policy says so), or null when unknown */
    public ApprovalVerifier(Policy policy, AllowedSigners signers, RevokedKeys revoked, String author, Clock clock) {
        this.policy = Objects.requireNonNull(policy);
        this.signers = Objects.requireNonNull(signers);
        this.revoked = Objects.requireNonNull(revoked);
        this.author = author;
        this.clock = Objects.requireNonNull(clock);
    }

    public ApprovalReview review(CheckReport report, List<ApprovalFile.Loaded> approvals) {
        return review(report, approvals, List.of());
    }

    /**
     * Reviews signed approval files and approvals from other channels together: each person counts once across
     * all of them, and the policy's counts apply to the union.
     */
    public ApprovalReview review(CheckReport report, List<ApprovalFile.Loaded> approvals,
            List<ChannelApproval> channelApprovals) {
        List<Finding> blocking = report.findings().stream().filter(report::isBlocking)
                .filter(f -> !f.denied()).toList();
        Set<ApprovalStatement.Covered> needed = new LinkedHashSet<>();
        blocking.forEach(f -> needed.add(covered(f)));
        Instant now = clock.instant();
        List<ApprovalReview.Accepted> accepted = new ArrayList<>();
        List<ApprovalReview.Rejected> rejected = new ArrayList<>();
        Map<String, String> principalByKey = new HashMap<>();
        for (ApprovalFile.Loaded loaded : approvals) {
            if (loaded.approval() == null) {
                rejected.add(new ApprovalReview.Rejected(loaded.source(), null, loaded.problem()));
                continue;
            }
            Verified verified;
            try {
                verified = verify(loaded.approval(), report.fingerprint(), needed, now);
            } catch (Rejection e) {
                rejected.add(new ApprovalReview.Rejected(loaded.source(), e.principal, e.getMessage()));
                continue;
            }
            String principal = verified.statement().principal();
            String key = verified.keyFingerprint();
            if (accepted.stream().anyMatch(a -> a.principal().equals(principal))) {
                rejected.add(new ApprovalReview.Rejected(loaded.source(), principal,
                        "a second approval by " + principal + ": each person counts once"));
                continue;
            }
            if (principalByKey.containsKey(key)) {
                rejected.add(new ApprovalReview.Rejected(loaded.source(), principal, "signed with the same key ("
                        + key + ") as the approval by " + principalByKey.get(key) + ": one key is one person"));
                continue;
            }
            principalByKey.put(key, principal);
            accepted.add(new ApprovalReview.Accepted(principal, key, loaded.source(), "ssh-signature",
                    verified.statement().created(), verified.statement().expires()));
        }
        Map<String, Set<String>> memberships = new HashMap<>();
        for (ChannelApproval approval : channelApprovals) {
            String principal = approval.principal();
            String problem = channelProblem(approval, now);
            if (problem == null && accepted.stream().anyMatch(a -> a.principal().equals(principal))) {
                problem = "a second approval by " + principal + ": each person counts once";
            }
            if (problem != null) {
                rejected.add(new ApprovalReview.Rejected(approval.source(), principal, problem));
                continue;
            }
            memberships.put(principal, approval.memberOf());
            accepted.add(new ApprovalReview.Accepted(principal, null, approval.source(), approval.channel(),
                    approval.created(), null));
        }
        List<ApprovalReview.Requirement> requirements = requirements(blocking,
                accepted.stream().map(ApprovalReview.Accepted::principal).toList(), memberships);
        boolean satisfied = report.deniedCount() == 0 && requirements.stream().allMatch(
                ApprovalReview.Requirement::isMet);
        return new ApprovalReview(requirements, accepted, rejected, satisfied);
    }

    private record Verified(ApprovalStatement statement, String keyFingerprint) {
    }

    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient String principal;

        Rejection(String principal, String reason) {
            super(reason);
            this.principal = principal;
        }
    }

    /** Why a channel approval does not count, or null: the rules every channel shares. */
    private String channelProblem(ChannelApproval approval, Instant now) {
        if (approval.created().isAfter(now.plus(CLOCK_SKEW))) {
            return "claims to be made in the future (" + approval.created() + ")";
        }
        Duration maxAge = policy.approvals().maxAge();
        if (Duration.between(approval.created(), now).compareTo(maxAge) > 0) {
            return "older than the policy's max_age of " + describe(maxAge) + " (made " + approval.created() + ")";
        }
        if (!policy.approvals().authorMayApprove() && author != null && author.equals(approval.principal())) {
            return approval.principal() + " is the plan's author, and the policy does not let authors approve their"
                    + " own plans";
        }
        return null;
    }

    private static String describe(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private Verified verify(ApprovalFile approval, String fingerprint, Set<ApprovalStatement.Covered> needed,
            Instant now) throws Rejection {
        SshSignature signature;
        try {
            signature = SshSignature.parse(approval.signature());
        } catch (BackstopException e) {
            throw new Rejection(null, "the signature cannot be read: " + e.getMessage());
        }
        if (!NAMESPACE.equals(signature.namespace())) {
            throw new Rejection(null, "signed for namespace \"" + signature.namespace() + "\", not \"" + NAMESPACE
                    + "\" (a signature made for something else never approves a plan)");
        }
        boolean valid;
        try {
            valid = signature.verifies(approval.payload());
        } catch (BackstopException e) {
            throw new Rejection(null, e.getMessage());
        }
        if (!valid) {
            throw new Rejection(null, "the signature does not match the statement: it was changed after signing,"
                    + " or signed by another key");
        }
        ApprovalStatement statement;
        try {
            statement = ApprovalStatement.parse(approval.payload());
        } catch (BackstopException e) {
            throw new Rejection(null, e.getMessage());
        }
        String principal = statement.principal();
        String key = signature.publicKey().fingerprint();
        if (revoked.isRevoked(signature.publicKey())) {
            throw new Rejection(principal, "key " + key + " is revoked");
        }
        AllowedSigners.Decision allowed = signers.check(principal, signature.publicKey(), NAMESPACE,
                statement.created());
        if (!allowed.allowed()) {
            throw new Rejection(principal, "not an allowed signer: " + allowed.reason());
        }
        if (!statement.fingerprint().equals(fingerprint)) {
            throw new Rejection(principal, "approves another plan (" + abbreviate(statement.fingerprint())
                    + "), not this one (" + abbreviate(fingerprint) + "): approvals are bound to one exact plan");
        }
        if (!now.isBefore(statement.expires())) {
            throw new Rejection(principal, "expired at " + statement.expires());
        }
        if (statement.created().isAfter(now.plus(CLOCK_SKEW))) {
            throw new Rejection(principal, "claims to be made in the future (" + statement.created() + ")");
        }
        Duration maxAge = policy.approvals().maxAge();
        if (Duration.between(statement.created(), now).compareTo(maxAge) > 0) {
            throw new Rejection(principal, "older than the policy's max_age of " + describe(maxAge) + " (made "
                    + statement.created() + ")");
        }
        if (!policy.approvals().authorMayApprove() && author != null && author.equals(principal)) {
            throw new Rejection(principal, principal + " is the plan's author, and the policy does not let authors"
                    + " approve their own plans");
        }
        Set<ApprovalStatement.Covered> missing = new LinkedHashSet<>(needed);
        statement.findings().forEach(missing::remove);
        if (!missing.isEmpty()) {
            throw new Rejection(principal, "does not cover " + missing.size() + " blocking finding"
                    + (missing.size() == 1 ? "" : "s") + ": " + String.join("; ",
                            missing.stream().limit(5).map(Object::toString).toList())
                    + (missing.size() > 5 ? "; ..." : ""));
        }
        return new Verified(statement, key);
    }

    /** One requirement per severity and environment among the blocking findings, strictest first. */
    private List<ApprovalReview.Requirement> requirements(List<Finding> blocking, List<String> approvers,
            Map<String, Set<String>> memberships) {
        ApprovalPolicy approvals = policy.approvals();
        Map<String, ApprovalReview.Requirement> byKey = new LinkedHashMap<>();
        blocking.stream().sorted((a, b) -> b.severity().compareTo(a.severity())).forEach(finding -> {
            var environment = finding.environment() == null ? java.util.Optional.<dev.backstop.core.policy.Environment>empty()
                    : policy.environment(finding.environment());
            ApprovalPolicy.Requirement requirement = approvals.requirementFor(finding.severity(), environment);
            String key = finding.severity() + "/" + finding.environment();
            byKey.computeIfAbsent(key, k -> new ApprovalReview.Requirement(finding.severity(),
                    environment.map(e -> e.name()).orElse(null), Math.max(1, requirement.count()), requirement.from(),
                    approvers.stream().filter(p -> inGroups(p, memberships.getOrDefault(p, Set.of()),
                            requirement.from(), approvals)).toList()));
        });
        return new ArrayList<>(byKey.values());
    }

    /** Whether the principal, or a group principal it belongs to (a GitHub team), is in one of the groups. */
    private static boolean inGroups(String principal, Set<String> memberOf, List<String> groups,
            ApprovalPolicy approvals) {
        return groups.isEmpty() || groups.stream().map(group -> approvals.groups().getOrDefault(group, List.of()))
                .anyMatch(members -> members.contains(principal) || memberOf.stream().anyMatch(members::contains));
    }

    static ApprovalStatement.Covered covered(Finding finding) {
        return new ApprovalStatement.Covered(finding.rule(), finding.address());
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 19 ? fingerprint.substring(0, 19) + "..." : fingerprint;
    }
}
