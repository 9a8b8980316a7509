package dev.backstop.core.report;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The report for people at a terminal or reading a CI log: destroys and replacements first, then other findings,
 * the change counts, the fingerprint, and a one-line verdict last, where the eye lands. Colour is the caller's
 * decision (only on a TTY, never with NO_COLOR).
 */
public final class TextReport {
    private static final String RESET = "\u001B[0m";
    private static final String RED = "\u001B[31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String GREEN = "\u001B[32m";
    private static final String BOLD = "\u001B[1m";

    private final boolean colour;

    public TextReport(boolean colour) {
        this.colour = colour;
    }

    public void write(CheckReport report, PrintWriter out) {
        if (report.verdict() == Verdict.ERROR) {
            out.println(paint(RED + BOLD, "Verdict: ERROR") + " - " + printable(report.error()) + " (exit " + report.verdict().exitCode() + ")");
            out.flush();
            return;
        }
        out.println("Backstop plan check" + versions(report));
        List<Finding> destructive = report.findings().stream().filter(Finding::isDestructive).toList();
        List<Finding> others = report.findings().stream().filter(f -> !f.isDestructive()).toList();
        section(out, "Destroys and replacements", destructive, report);
        section(out, "Other findings", others, report);
        for (String note : report.notes()) {
            out.println();
            out.println(paint(YELLOW, "Note: ") + note);
        }
        approvals(out, report);
        out.println();
        out.println("Plan: " + counts(report.summary()));
        out.println("Fingerprint: " + report.fingerprint());
        if (report.policy() != null && !report.policy().equals("built-in")) {
            out.println("Policy: " + printable(report.policy()));
        }
        out.println(verdictLine(report));
        out.flush();
    }

    private void section(PrintWriter out, String title, List<Finding> findings, CheckReport report) {
        if (findings.isEmpty()) {
            return;
        }
        out.println();
        out.println(paint(BOLD, title + " (" + findings.size() + ")"));
        for (Finding finding : findings) {
            boolean blocking = report.isBlocking(finding);
            String marker = blocking ? paint(RED, "  x ") : "  - ";
            String level = finding.denied() ? "DENIED" : finding.severity().label().toUpperCase(java.util.Locale.ROOT);
            out.println(marker + String.format("%-8s %-8s ", level,
                    action(finding)) + (finding.address() == null ? "(whole plan)" : printable(finding.address())));
            out.println("      " + printable(finding.message()));
            if (finding.remedy() != null) {
                out.println("      safer: " + printable(finding.remedy()));
            }
            if (finding.exemption() != null) {
                out.println("      " + printable(finding.exemption()));
            }
            out.println("      rule: " + finding.rule() + (finding.denied() ? " (denied by policy)"
                    : blocking ? " (needs sign-off)" : " (advisory)")
                    + (finding.environment() == null ? "" : "; environment: " + printable(finding.environment())));
        }
    }

    private static String action(Finding finding) {
        List<String> actions = finding.actions();
        if (actions.isEmpty()) {
            return "plan";
        }
        if (actions.contains("delete") && actions.contains("create")) {
            return "replace";
        }
        return actions.size() == 1 ? actions.get(0) : String.join("+", actions);
    }

    private static String counts(Map<String, Long> summary) {
        return summary.get("create") + " to create, " + summary.get("update") + " to update, "
                + summary.get("replace") + " to replace, " + summary.get("delete") + " to destroy, "
                + summary.get("forget") + " to forget, " + summary.get("moved") + " moved, "
                + summary.get("no-op") + " unchanged"
                + (summary.get("unknown") > 0 ? ", " + summary.get("unknown") + " with unknown actions" : "");
    }

    private void approvals(PrintWriter out, CheckReport report) {
        ApprovalReview review = report.approvals();
        if (review == null) {
            return;
        }
        out.println();
        out.println(paint(BOLD, "Approvals"));
        for (ApprovalReview.Requirement requirement : review.requirements()) {
            out.println((requirement.isMet() ? "  ok   " : "  MISSING ") + printable(requirement.describe()));
        }
        for (ApprovalReview.Accepted accepted : review.accepted()) {
            out.println("  accepted: " + printable(accepted.principal()) + " (" + accepted.keyFingerprint() + ", "
                    + printable(accepted.source()) + ", until " + accepted.expires() + ")");
        }
        for (ApprovalReview.Rejected rejected : review.rejected()) {
            out.println("  rejected: " + printable(rejected.source())
                    + (rejected.principal() == null ? "" : " (" + printable(rejected.principal()) + ")") + ": "
                    + printable(rejected.reason()));
        }
        if (review.accepted().isEmpty() && review.rejected().isEmpty()) {
            out.println("  no approvals were found");
        }
    }

    private String verdictLine(CheckReport report) {
        long blocking = report.blockingCount();
        switch (report.verdict()) {
            case ALLOW:
                if (report.isApproved()) {
                    return paint(GREEN + BOLD, "Verdict: ALLOW") + " - approved by " + printable(String.join(", ",
                            report.approvals().accepted().stream().map(ApprovalReview.Accepted::principal).toList()))
                            + " for this exact plan (exit 0)";
                }
                return paint(GREEN + BOLD, "Verdict: ALLOW") + " - nothing needs sign-off (exit 0)";
            case APPROVAL_REQUIRED:
                return paint(RED + BOLD, "Verdict: APPROVAL REQUIRED") + " - " + blocking + " finding"
                        + (blocking == 1 ? "" : "s") + " at " + report.blocking().label()
                        + " or above need" + (blocking == 1 ? "s" : "") + " an authorised sign-off before apply (exit 3)";
            case DENY:
                long denied = report.deniedCount();
                return paint(RED + BOLD, "Verdict: DENY") + " - policy forbids " + denied + " change"
                        + (denied == 1 ? "" : "s") + " in this plan; no approval can override: change the Terraform"
                        + " code (exit 4)";
            default:
                return paint(RED + BOLD, "Verdict: ERROR") + " (exit 1)";
        }
    }

    private static String versions(CheckReport report) {
        StringBuilder text = new StringBuilder();
        if (report.terraformVersion() != null) {
            text.append(" (Terraform/OpenTofu ").append(report.terraformVersion());
        }
        if (report.formatVersion() != null) {
            text.append(text.length() == 0 ? " (" : ", ").append("plan format ").append(report.formatVersion());
        }
        return text.length() == 0 ? "" : text.append(')').toString();
    }

    /**
     * Addresses can hold for_each keys chosen by whoever wrote the configuration; control characters in them
     * could rewrite the terminal or a CI log, so they are shown escaped.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String paint(String style, String text) {
        return colour ? style + text + RESET : text;
    }
}
