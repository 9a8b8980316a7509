package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.markdown;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as a pull-request comment or a GitHub step summary: the verdict first, then destroys and replacements,
 * then other findings, each grouped by severity with its cause and the safer alternative; groups that do not block
 * are folded into {@code <details>}. The plan fingerprint closes it.
 *
 * <p>A comment holds at most {@value #LIMIT} characters, so findings that do not fit are cut from the end (the
 * least severe go first, by the report's order) and a note says how many; the verdict and the fingerprint are
 * always kept. All plan-derived text is escaped ({@link TextEscapes#markdown}).
 */
public final class MarkdownReport implements ReportWriter {
    /** GitHub's limit for a comment body, and for a check run's summary. */
    public static final int LIMIT = 65_536;
    /** First line: lets a bot find its earlier comment and edit it instead of adding another. */
    public static final String MARKER = "<!-- backstop:report -->";
    private static final int NOTE_RESERVE = 400;
    private static final List<String> GROUPS = List.of("DENIED", "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO");

    private final int limit;

    public MarkdownReport() {
        this(LIMIT);
    }

    /** With a smaller limit: a check run's summary (65,535), or tests of the truncation. */
    public MarkdownReport(int limit) {
        this.limit = limit;
    }

    @Override
    public void write(CheckReport report, OutputStream out) {
        try {
            out.write(render(report).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(CheckReport report) {
        if (report.verdict() == Verdict.ERROR) {
            return fit(MARKER + "\n## " + icon(report) + " Backstop: ERROR\n\n"
                    + FindingText.verdictReason(report) + ".\n\n> " + markdown(report.error()) + "\n");
        }
        StringBuilder header = new StringBuilder(MARKER).append('\n');
        header.append("## ").append(icon(report)).append(" Backstop: ").append(FindingText.verdict(report)).append("\n\n");
        header.append(capitalised(FindingText.verdictReason(report))).append(".\n\n");
        header.append("**Plan:** ").append(TextReport.counts(report.summary()));
        header.append(markdown(TextReport.versions(report))).append("\n");
        for (String note : report.notes()) {
            header.append("\n> **Note:** ").append(markdown(note)).append('\n');
        }
        approvals(header, report.approvals());
        StringBuilder footer = new StringBuilder("\n---\n\n");
        footer.append("**Fingerprint:** `").append(report.fingerprint()).append("`");
        if (report.policy() != null) {
            footer.append(" · policy: ").append(markdown(report.policy()));
        }
        footer.append(" · `backstop explain RULE` explains a rule\n");

        int budget = limit - header.length() - footer.length() - NOTE_RESERVE;
        Body body = new Body(budget);
        List<Finding> destructive = report.findings().stream().filter(Finding::isDestructive).toList();
        List<Finding> others = report.findings().stream().filter(f -> !f.isDestructive()).toList();
        body.section("Destroys and replacements", destructive, report);
        body.section("Other findings", others, report);
        if (report.findings().isEmpty()) {
            body.text.append("\nNo findings: nothing in this plan destroys, replaces or weakens the protection of data.\n");
        }
        if (body.omitted > 0) {
            body.text.append("\n> **").append(body.omitted).append(" of ").append(report.findings().size())
                    .append(" findings are not shown**: this comment would exceed ").append(limit)
                    .append(" characters. Every finding is in the full report (`backstop check PLAN --format text`"
                            + " or `--format json`).\n");
        }
        return fit(header + body.text.toString() + footer);
    }

    /**
     * Who approved, what is still missing, and why each rejected approval does not count (at most 20 shown), as a
     * markdown section; the GitHub check run shows the same section.
     */
    public static void approvals(StringBuilder text, ApprovalReview review) {
        if (review == null) {
            return;
        }
        text.append("\n### Approvals\n\n");
        for (ApprovalReview.Requirement requirement : review.requirements()) {
            text.append("- ").append(requirement.isMet() ? "✅ " : "❌ missing: ")
                    .append(markdown(requirement.describe())).append('\n');
        }
        for (ApprovalReview.Accepted accepted : review.accepted()) {
            text.append("- accepted: **").append(markdown(accepted.principal())).append("** (")
                    .append(markdown(accepted.describe())).append(")\n");
        }
        review.rejected().stream().limit(20).forEach(rejected -> text.append("- rejected: ")
                .append(markdown(rejected.source()))
                .append(rejected.principal() == null ? "" : " (" + markdown(rejected.principal()) + ")")
                .append(": ").append(markdown(rejected.reason())).append('\n'));
        if (review.rejected().size() > 20) {
            text.append("- ... and ").append(review.rejected().size() - 20).append(" more rejected\n");
        }
        if (review.accepted().isEmpty() && review.rejected().isEmpty()) {
            text.append("- no approvals were found\n");
        }
    }

    /** Findings added one by one while they fit, each group under its heading, non-blocking groups folded. */
    private static final class Body {
        final StringBuilder text = new StringBuilder();
        final int budget;
        int omitted;

        Body(int budget) {
            this.budget = budget;
        }

        void section(String title, List<Finding> findings, CheckReport report) {
            if (findings.isEmpty()) {
                return;
            }
            Map<String, List<Finding>> groups = new LinkedHashMap<>();
            GROUPS.forEach(level -> groups.put(level, new ArrayList<>()));
            findings.forEach(f -> groups.get(FindingText.level(f)).add(f));
            String sectionHeading = "\n### " + title + " (" + findings.size() + ")\n";
            boolean sectionShown = false;
            for (Map.Entry<String, List<Finding>> group : groups.entrySet()) {
                List<Finding> members = group.getValue();
                if (members.isEmpty()) {
                    continue;
                }
                boolean blocking = report.isBlocking(members.get(0));
                String label = capitalised(group.getKey().toLowerCase(java.util.Locale.ROOT)) + " (" + members.size() + ")";
                String open = blocking ? "\n#### " + label + "\n\n"
                        : "\n<details>\n<summary>" + label + ": " + FindingText.consequence(report, members.get(0))
                                + "</summary>\n\n";
                String close = blocking ? "" : "\n</details>\n";
                boolean groupShown = false;
                for (Finding finding : members) {
                    String entry = (sectionShown ? "" : sectionHeading) + (groupShown ? "" : open) + entry(finding, report);
                    if (omitted > 0 || text.length() + entry.length() + close.length() > budget) {
                        omitted++;
                        continue;
                    }
                    text.append(entry);
                    sectionShown = true;
                    groupShown = true;
                }
                if (groupShown) {
                    text.append(close);
                }
            }
        }

        private static String entry(Finding finding, CheckReport report) {
            StringBuilder entry = new StringBuilder("- **").append(FindingText.level(finding)).append("** ")
                    .append(markdown(FindingText.action(finding))).append(" **")
                    .append(markdown(FindingText.subject(finding))).append("**: ")
                    .append(FindingText.consequence(report, finding)).append('\n');
            entry.append("  - Cause: ").append(markdown(finding.message())).append('\n');
            if (finding.remedy() != null) {
                entry.append("  - Safer: ").append(markdown(finding.remedy())).append('\n');
            }
            if (finding.exemption() != null) {
                entry.append("  - Exemption: ").append(markdown(finding.exemption())).append('\n');
            }
            entry.append("  - Rule: ").append(markdown(finding.rule()));
            if (finding.environment() != null) {
                entry.append(" · environment: ").append(markdown(finding.environment()));
            }
            return entry.append('\n').toString();
        }
    }

    /** Last resort for text that is over the limit on its own (a huge error message): cut it and say so. */
    private String fit(String text) {
        if (text.length() <= limit) {
            return text;
        }
        String note = "\n\n> **Cut:** this report exceeded " + limit + " characters.\n";
        int end = limit - note.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + note;
    }

    private static String icon(CheckReport report) {
        switch (report.verdict()) {
            case ALLOW: return "✅";
            case APPROVAL_REQUIRED: return "🛑";
            case DENY: return "⛔";
            default: return "❌";
        }
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
