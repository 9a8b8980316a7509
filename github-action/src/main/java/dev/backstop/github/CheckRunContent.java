package dev.backstop.github;

import static dev.backstop.core.report.TextEscapes.markdown;
import static dev.backstop.core.report.TextEscapes.printable;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.FindingText;
import dev.backstop.core.report.MarkdownReport;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.report.SourceLocation;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps a checked (and reviewed) plan to what its check run says: the conclusion, a one-line title, the markdown
 * report as the summary, who approved and how to approve as the text (with the report kept for re-evaluation,
 * {@link EmbeddedReport}), the fingerprint as the external id, and an annotation per finding that has a line in
 * the configuration. All plan-derived text comes from the core's escaped renderings; annotations are plain text,
 * made printable.
 */
public final class CheckRunContent {
    /** GitHub's limit for a check run's summary, and for its text. */
    public static final int LIMIT = 65_535;
    private static final int TITLE_LIMIT = 250;
    private static final int ANNOTATION_TITLE_LIMIT = 250;
    private static final int ANNOTATION_MESSAGE_LIMIT = 8_000;

    /**
     * What else the check run needs besides the report.
     *
     * @param name       the check's name
     * @param headSha    the head commit
     * @param detailsUrl the workflow run, or null
     * @param startedAt  when this plan's check was first posted
     * @param locator    where findings are in the configuration; {@link ResourceLocator#NONE} for no annotations
     * @param notes      things to say in the text (a team that could not be read, say)
     */
    public record Context(String name, String headSha, String detailsUrl, Instant startedAt, ResourceLocator locator,
            List<String> notes) {
        public Context {
            notes = List.copyOf(notes);
        }
    }

    private CheckRunContent() {
    }

    /**
     * @param report   the decision, with its approvals reviewed when the plan needed them
     * @param recorded the plan's report before approvals, kept in the text for re-evaluation
     */
    public static CheckDetails of(CheckReport report, CheckReport recorded, Context context, Instant now) {
        String summary = render(report);
        StringBuilder text = new StringBuilder();
        if (report.verdict() != Verdict.ERROR) {
            howToApprove(text, report, context);
            approvals(text, report.approvals());
        }
        for (String note : context.notes()) {
            text.append("\n> **Note:** ").append(markdown(note)).append('\n');
        }
        String human = cut(text.toString(), LIMIT / 4);
        Optional<String> kept = recorded == null ? Optional.empty()
                : EmbeddedReport.encode(recorded, LIMIT - human.length() - 200);
        String fullText = kept.map(block -> human + "\n" + block + "\n").orElseGet(() -> report.fingerprint() == null
                ? human : human + "\n> The findings are too many to keep in this check run: re-evaluating approvals"
                        + " on a review or comment needs the plan again (`--plan`).\n");
        List<CheckDetails.Annotation> annotations = new ArrayList<>();
        if (report.verdict() != Verdict.ERROR) {
            for (Finding finding : report.findings()) {
                context.locator().locate(finding).ifPresent(location -> annotations.add(annotation(report, finding,
                        location)));
            }
        }
        return new CheckDetails(context.name(), context.headSha(), conclusion(report.verdict()), title(report),
                summary, fullText.isEmpty() ? null : fullText, report.fingerprint(), context.detailsUrl(),
                context.startedAt(), now, annotations);
    }

    static CheckDetails.Conclusion conclusion(Verdict verdict) {
        switch (verdict) {
            case ALLOW: return CheckDetails.Conclusion.SUCCESS;
            case APPROVAL_REQUIRED: return CheckDetails.Conclusion.ACTION_REQUIRED;
            default: return CheckDetails.Conclusion.FAILURE;
        }
    }

    static String title(CheckReport report) {
        String title;
        switch (report.verdict()) {
            case ALLOW:
                title = report.isApproved() ? "Approved by " + String.join(", ", report.approvals().accepted().stream()
                        .map(ApprovalReview.Accepted::principal).toList()) : "Allowed: nothing needs sign-off";
                break;
            case APPROVAL_REQUIRED:
                long blocking = report.blockingCount();
                title = "Approval required: " + blocking + " finding" + (blocking == 1 ? "" : "s") + " need"
                        + (blocking == 1 ? "s" : "") + " sign-off";
                if (report.approvals() != null) {
                    int missing = report.approvals().requirements().stream()
                            .mapToInt(r -> Math.max(0, r.needed() - r.approvedBy().size())).max().orElse(0);
                    title += missing > 0 ? " (" + missing + " more approver" + (missing == 1 ? "" : "s") + ")" : "";
                }
                break;
            case DENY:
                long denied = report.deniedCount();
                title = "Denied: the policy forbids " + denied + " change" + (denied == 1 ? "" : "s");
                break;
            default:
                title = "Error: " + printable(report.error());
        }
        return title.length() <= TITLE_LIMIT ? title : title.substring(0, TITLE_LIMIT - 3) + "...";
    }

    private static String render(CheckReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MarkdownReport(LIMIT).write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void howToApprove(StringBuilder text, CheckReport report, Context context) {
        if (report.verdict() != Verdict.APPROVAL_REQUIRED || report.fingerprint() == null) {
            return;
        }
        text.append("### How to approve\n\n")
                .append("This plan (`").append(report.fingerprint()).append("`) needs sign-off by the policy's")
                .append(" approvers. Either:\n\n")
                .append("- submit an **Approve** review on commit `").append(context.headSha()).append("` after ")
                .append(context.startedAt()).append(" (when this check was first posted for this plan), or\n")
                .append("- comment on the pull request, on a line of its own: `")
                .append(GithubApprovalRules.command(report.fingerprint())).append("`\n\n")
                .append("Approvers need write access to the repository or a place in the policy's approver groups;")
                .append(" the pull request's author and bots never count. Then re-run this check (a workflow on")
                .append(" `pull_request_review` and `issue_comment` does it by itself).\n");
    }

    private static void approvals(StringBuilder text, ApprovalReview review) {
        MarkdownReport.approvals(text, review);
    }

    private static CheckDetails.Annotation annotation(CheckReport report, Finding finding, SourceLocation location) {
        CheckDetails.Level level;
        switch (report.level(finding)) {
            case BLOCKING: level = CheckDetails.Level.FAILURE; break;
            case ADVISORY: level = CheckDetails.Level.WARNING; break;
            default: level = CheckDetails.Level.NOTICE;
        }
        String title = printable("Backstop " + finding.rule() + " (" + FindingText.consequence(report, finding) + "): "
                + FindingText.subject(finding));
        String message = printable(FindingText.subject(finding) + ": " + finding.message()
                + (finding.remedy() == null ? "" : " Safer: " + finding.remedy()));
        return new CheckDetails.Annotation(location.path(), Math.max(1, location.line()), level,
                title.length() <= ANNOTATION_TITLE_LIMIT ? title : title.substring(0, ANNOTATION_TITLE_LIMIT - 3) + "...",
                message.length() <= ANNOTATION_MESSAGE_LIMIT ? message
                        : message.substring(0, ANNOTATION_MESSAGE_LIMIT - 3) + "...");
    }

    private static String cut(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        String note = "\n\n> **Cut:** the rest is in the summary above.\n";
        int end = limit - note.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + note;
    }
}
