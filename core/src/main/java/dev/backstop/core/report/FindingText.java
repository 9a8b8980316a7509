package dev.backstop.core.report;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.util.List;
import java.util.Locale;

/** The words every human-readable format uses for a finding and a verdict, so they read the same everywhere. */
public final class FindingText {
    private FindingText() {
    }

    /** {@code replace}, {@code delete}, {@code update}, ... or {@code plan} for a finding about the whole plan. */
    public static String action(Finding finding) {
        List<String> actions = finding.actions();
        if (actions.isEmpty()) {
            return "plan";
        }
        if (actions.contains("delete") && actions.contains("create")) {
            return "replace";
        }
        return actions.size() == 1 ? actions.get(0) : String.join("+", actions);
    }

    /** The resource address (unescaped), or {@code (whole plan)}. */
    public static String subject(Finding finding) {
        return finding.address() == null ? "(whole plan)" : finding.address();
    }

    /** {@code DENIED} for a denial, else the severity in capitals: {@code CRITICAL}, {@code HIGH}, ... */
    public static String level(Finding finding) {
        return finding.denied() ? "DENIED" : finding.severity().label().toUpperCase(Locale.ROOT);
    }

    /** What the finding means for the plan, in a few words. */
    public static String consequence(CheckReport report, Finding finding) {
        if (finding.denied()) {
            return "denied by policy";
        }
        return report.isBlocking(finding) ? "needs sign-off" : "advisory";
    }

    /** {@code ALLOW}, {@code APPROVAL REQUIRED}, {@code DENY} or {@code ERROR}. */
    public static String verdict(CheckReport report) {
        return report.verdict().name().replace('_', ' ');
    }

    /** One sentence after the verdict: why, and the exit code. Plan-derived text (the error) is left unescaped. */
    public static String verdictReason(CheckReport report) {
        long blocking = report.blockingCount();
        switch (report.verdict()) {
            case ALLOW:
                if (report.isApproved()) {
                    return "approved by " + String.join(", ", report.approvals().accepted().stream()
                            .map(ApprovalReview.Accepted::principal).toList()) + " for this exact plan (exit 0)";
                }
                return "nothing needs sign-off (exit 0)";
            case APPROVAL_REQUIRED:
                if (blocking == 0) {
                    // Not for a finding: the plan is not the one that was expected (check --expect-fingerprint).
                    return "this plan needs review and an authorised sign-off before apply; see the notes (exit 3)";
                }
                return blocking + " finding" + (blocking == 1 ? "" : "s") + " at " + report.blocking().label()
                        + " or above need" + (blocking == 1 ? "s" : "") + " an authorised sign-off before apply (exit 3)";
            case DENY:
                long denied = report.deniedCount();
                return "policy forbids " + denied + " change" + (denied == 1 ? "" : "s")
                        + " in this plan; no approval can override: change the Terraform code (exit 4)";
            default:
                return "the plan could not be checked, so nothing was decided: never apply (exit "
                        + Verdict.ERROR.exitCode() + ")";
        }
    }
}
