package dev.backstop.core.report;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The neutral result of checking one plan; every output format ({@link ReportFormat}: text, JSON, markdown, SARIF,
 * JUnit, warnings-ng native, GitHub workflow commands) is a rendering of this and nothing else. Holds no
 * attribute values from the plan.
 *
 * @param verdict          the decision
 * @param fingerprint      {@code sha256:...} of the planned changes, or null on error
 * @param terraformVersion as written by the plan, or null
 * @param formatVersion    as written by the plan, or null
 * @param complete         the plan's {@code complete} flag, or null when it does not say
 * @param blocking         the severity from which findings need sign-off
 * @param summary          counts by change kind (see {@link ChangeSummary#asMap()})
 * @param findings         destroys and replacements first, then by severity, then by address
 * @param notes            things the reader should know that are not findings (an incomplete plan, say)
 * @param policy           where the policy came from: {@code built-in}, or the project's policy file
 * @param approvals        the review of signed approvals, when approvals were given; else null
 * @param error            the one-line error when {@code verdict} is {@link Verdict#ERROR}, else null
 */
public record CheckReport(
        Verdict verdict,
        String fingerprint,
        String terraformVersion,
        String formatVersion,
        Boolean complete,
        Severity blocking,
        Map<String, Long> summary,
        List<Finding> findings,
        List<String> notes,
        String policy,
        ApprovalReview approvals,
        String error) {

    /** The report schema identifier; bumped only on incompatible change (see docs/report-schema.md). */
    public static final String SCHEMA = "backstop/report/v1";

    public CheckReport {
        Objects.requireNonNull(verdict, "verdict");
        summary = summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        findings = findings == null ? List.of() : List.copyOf(findings);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public static CheckReport error(String message) {
        return new CheckReport(Verdict.ERROR, null, null, null, null, null, null, null, null, null, null,
                Objects.requireNonNull(message, "message"));
    }

    /**
     * This report with its approvals reviewed: a plan that needed approval and has enough is allowed. A denial
     * stays a denial, whatever was signed.
     */
    public CheckReport withApprovals(ApprovalReview review) {
        Verdict decided = verdict == Verdict.APPROVAL_REQUIRED && review.satisfied() ? Verdict.ALLOW : verdict;
        return new CheckReport(decided, fingerprint, terraformVersion, formatVersion, complete, blocking, summary,
                findings, notes, policy, review, error);
    }

    /** True when the plan is allowed because enough people approved it (not because nothing needed approval). */
    public boolean isApproved() {
        return verdict == Verdict.ALLOW && approvals != null && approvals.satisfied() && blockingCount() > 0;
    }

    /** Findings that need sign-off under the blocking severity (denials are counted by {@link #deniedCount()}). */
    public long blockingCount() {
        return blocking == null ? 0 : findings.stream().filter(this::isBlocking).count();
    }

    public long deniedCount() {
        return findings.stream().filter(Finding::denied).count();
    }

    /** True when the finding stops the plan: a denial, or at or above the blocking severity. */
    public boolean isBlocking(Finding finding) {
        return finding.denied() || (blocking != null && finding.severity().isAtLeast(blocking));
    }

    /** Blocking as {@link #isBlocking} decides; otherwise advisory, or info for findings of severity info. */
    public FindingLevel level(Finding finding) {
        if (isBlocking(finding)) {
            return FindingLevel.BLOCKING;
        }
        return finding.severity() == Severity.INFO ? FindingLevel.INFO : FindingLevel.ADVISORY;
    }
}
