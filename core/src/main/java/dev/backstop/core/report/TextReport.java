package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.printable;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The report for people at a terminal or reading a CI log: destroys and replacements first, then other findings,
 * the change counts, the fingerprint, and a one-line verdict last, where the eye lands. Colour is the caller's
 * decision (only on a TTY, never with NO_COLOR).
 */
public final class TextReport implements ReportWriter {
    private static final String RESET = "\u001B[0m";
    private static final String RED = "\u001B[31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String GREEN = "\u001B[32m";
    private static final String BOLD = "\u001B[1m";

    private final boolean colour;

    public TextReport(boolean colour) {
        this.colour = colour;
    }

    @Override
    public void write(CheckReport report, OutputStream out) {
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        write(report, writer);
        writer.flush();
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
            String marker = report.isBlocking(finding) ? paint(RED, "  x ") : "  - ";
            out.println(marker + String.format("%-8s %-8s ", FindingText.level(finding), FindingText.action(finding))
                    + printable(FindingText.subject(finding)));
            out.println("      " + printable(finding.message()));
            if (finding.remedy() != null) {
                out.println("      safer: " + printable(finding.remedy()));
            }
            if (finding.exemption() != null) {
                out.println("      " + printable(finding.exemption()));
            }
            out.println("      rule: " + finding.rule() + " (" + FindingText.consequence(report, finding) + ")"
                    + (finding.environment() == null ? "" : "; environment: " + printable(finding.environment())));
        }
    }

    /** The change counts in one line; the markdown report uses the same words. */
    static String counts(Map<String, Long> summary) {
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
            out.println("  accepted: " + printable(accepted.principal()) + " ("
                    + printable(accepted.describe()) + ")");
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
        String style = report.verdict() == Verdict.ALLOW ? GREEN + BOLD : RED + BOLD;
        return paint(style, "Verdict: " + FindingText.verdict(report)) + " - " + FindingText.verdictReason(report);
    }

    static String versions(CheckReport report) {
        StringBuilder text = new StringBuilder();
        if (report.terraformVersion() != null) {
            text.append(" (Terraform/OpenTofu ").append(printable(report.terraformVersion()));
        }
        if (report.formatVersion() != null) {
            text.append(text.length() == 0 ? " (" : ", ").append("plan format ").append(printable(report.formatVersion()));
        }
        return text.length() == 0 ? "" : text.append(')').toString();
    }

    private String paint(String style, String text) {
        return colour ? style + text + RESET : text;
    }
}
