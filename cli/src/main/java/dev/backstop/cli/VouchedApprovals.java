package dev.backstop.cli;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Approvals that the CI system running {@code backstop check} has already authenticated, such as the submitter a
 * Jenkins {@code input} step accepted, and the one plan they were given for ({@code --expect-fingerprint}).
 *
 * <p>Backstop cannot check who gave a vouched approval: it is exactly as trustworthy as the pipeline that passes it.
 * What Backstop still decides, as for every channel ({@link ChannelApproval}): the plan must be the one the approval
 * was given for, the author never counts, an approval older than the policy's {@code max_age} does not count, each
 * person counts once, and the policy's approver groups and counts apply.
 */
final class VouchedApprovals {
    /** The principal kinds that name one person; group kinds (github-team, jenkins-group) never approve. */
    static final List<String> PERSON_KINDS = List.of("jenkins", "github");

    @Option(names = "--expect-fingerprint", paramLabel = "FINGERPRINT",
            description = "The plan must be this one (sha256:..., from an earlier check or `backstop fingerprint`):"
                    + " when its fingerprint differs, vouched approvals do not count and the verdict is approval"
                    + " required (exit 3) unless it is deny or error. For pipelines that check a plan again before"
                    + " applying it.")
    String expectedFingerprint;

    @ArgGroup(exclusive = false, multiplicity = "0..*",
            heading = "%nApprovals vouched for by the CI system running this command:%n")
    List<Vouched> vouched = new ArrayList<>();

    @Option(names = "--vouched-by", paramLabel = "CHANNEL",
            description = "Who authenticated the --vouched-approval people, for the report and audit log, e.g."
                    + " jenkins-input. Required with --vouched-approval.")
    String channel;

    @Option(names = "--vouched-source", paramLabel = "TEXT",
            description = "Where a reader can see the approvals were given, e.g. the build's URL"
                    + " (default: the --vouched-by channel).")
    String source;

    /** One {@code --vouched-approval PRINCIPAL [--vouched-at TIME]}. */
    static final class Vouched {
        @Option(names = "--vouched-approval", paramLabel = "PRINCIPAL", required = true,
                description = "An approval of the --expect-fingerprint plan by PRINCIPAL (jenkins:USER or"
                        + " github:LOGIN) that the CI system running this command has authenticated, e.g. the"
                        + " submitter a Jenkins input step accepted (repeatable). Backstop cannot verify it: it is"
                        + " only as trustworthy as the pipeline that passes it, so use it only from pipelines whose"
                        + " definition is protected. The policy still applies: the author (--author) never counts,"
                        + " max_age, each person once, approver groups (which may name jenkins:USER).")
        String principal;

        @Option(names = "--vouched-at", paramLabel = "TIME", converter = InstantConverter.class,
                description = "When the preceding --vouched-approval was given (ISO-8601, e.g."
                        + " 2026-11-21T10:15:30Z; default: now), so the policy's max_age applies.")
        Instant at;
    }

    boolean given() {
        return !vouched.isEmpty();
    }

    /** A problem with the combination of options, or null. */
    String usageProblem() {
        if (expectedFingerprint != null && !expectedFingerprint.matches("sha256:[0-9a-f]{64}")) {
            return "--expect-fingerprint takes a plan fingerprint, sha256: and 64 lower-case hex digits (as"
                    + " `backstop fingerprint` prints it), not '" + expectedFingerprint + "'";
        }
        if (!given()) {
            return channel != null || source != null
                    ? "--vouched-by and --vouched-source only make sense with --vouched-approval PRINCIPAL" : null;
        }
        if (expectedFingerprint == null) {
            return "--vouched-approval is for one plan: name it with --expect-fingerprint sha256:...";
        }
        if (channel == null || channel.isBlank() || !singleWord(channel)) {
            return "--vouched-approval needs --vouched-by CHANNEL, one word naming who authenticated the approver"
                    + " (e.g. jenkins-input)";
        }
        for (Vouched approval : vouched) {
            String principal = approval.principal;
            int colon = principal.indexOf(':');
            if (colon <= 0 || colon == principal.length() - 1 || !singleWord(principal)
                    || !PERSON_KINDS.contains(principal.substring(0, colon))) {
                return "--vouched-approval takes one person as KIND:ID with KIND one of " + String.join(", ",
                        PERSON_KINDS) + " (e.g. jenkins:bob), not '" + principal + "'";
            }
        }
        return null;
    }

    /** The vouched approvals, each given at its --vouched-at time or now. */
    List<ChannelApproval> approvals(Instant now) {
        String where = source == null || source.isBlank() ? channel : source;
        return vouched.stream().map(v -> new ChannelApproval(v.principal, channel, where, v.at == null ? now : v.at,
                Set.of())).toList();
    }

    /** True when a fingerprint is expected and the checked plan (not an error) has another. */
    boolean mismatch(CheckReport report) {
        return expectedFingerprint != null && report.error() == null
                && !expectedFingerprint.equals(report.fingerprint());
    }

    /**
     * The report of a plan that is not the expected one: its vouched approvals are listed as rejected, a note says
     * why, and the verdict is approval required unless the plan is denied (a denial stays a denial).
     */
    CheckReport notTheExpectedPlan(CheckReport report, List<ChannelApproval> approvals) {
        String why = "given for plan " + expectedFingerprint + ", not this plan " + report.fingerprint()
                + ": approvals are bound to one exact plan";
        ApprovalReview review = report.approvals();
        List<ApprovalReview.Rejected> rejected = new ArrayList<>(review == null ? List.of() : review.rejected());
        approvals.forEach(a -> rejected.add(new ApprovalReview.Rejected(a.source(), a.principal(), why)));
        ApprovalReview reviewed = review == null && rejected.isEmpty() ? null : new ApprovalReview(
                review == null ? List.of() : review.requirements(), review == null ? List.of() : review.accepted(),
                rejected, false);
        List<String> notes = new ArrayList<>(report.notes());
        notes.add(mismatchMessage(report));
        Verdict verdict = report.verdict() == Verdict.DENY ? Verdict.DENY : Verdict.APPROVAL_REQUIRED;
        return new CheckReport(verdict, report.fingerprint(), report.terraformVersion(), report.formatVersion(),
                report.complete(), report.blocking(), report.summary(), report.findings(), notes, report.policy(),
                reviewed, null);
    }

    String mismatchMessage(CheckReport report) {
        return "this plan's fingerprint is " + report.fingerprint() + ", not the expected " + expectedFingerprint
                + ": it is not the plan that was checked or approved, so it needs review and approval of its own";
    }

    private static boolean singleWord(String text) {
        return text.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    /** ISO-8601 instants only; anything else is a usage error naming the expected form. */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("expected an ISO-8601 time such as"
                        + " 2026-11-21T10:15:30Z, not '" + value + "'");
            }
        }
    }
}
