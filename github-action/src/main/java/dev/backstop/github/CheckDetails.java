package dev.backstop.github;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one check run says, independent of the client library: {@link CheckRunContent} makes it from a report,
 * {@link CheckRunPublisher} sends it. Every check run Backstop posts is completed: pending approval is the
 * conclusion {@code action_required}, not a run left in progress.
 *
 * @param name        the check's name ({@code Backstop}, or one per stack)
 * @param headSha     the commit it belongs to: the pull request's head
 * @param conclusion  success, action required or failure
 * @param title       one line
 * @param summary     the markdown report (at most {@value CheckRunContent#LIMIT} characters)
 * @param text        approvals and how to approve, then the embedded report (at most the same)
 * @param externalId  the plan's fingerprint, or null when the plan could not be checked
 * @param detailsUrl  where to read more (the workflow run), or null
 * @param startedAt   when this plan's check was first posted (kept on later updates)
 * @param completedAt now
 * @param annotations one per finding that has a place in the configuration
 */
public record CheckDetails(String name, String headSha, Conclusion conclusion, String title, String summary,
        String text, String externalId, String detailsUrl, Instant startedAt, Instant completedAt,
        List<Annotation> annotations) {

    public CheckDetails {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(headSha, "headSha");
        Objects.requireNonNull(conclusion, "conclusion");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        annotations = List.copyOf(annotations);
    }

    /** The check runs' conclusions Backstop uses. */
    public enum Conclusion {
        SUCCESS, ACTION_REQUIRED, FAILURE
    }

    /** Annotation levels, as GitHub names them. */
    public enum Level {
        FAILURE, WARNING, NOTICE
    }

    /** A finding shown on a line of the configuration. Plain text (GitHub does not render annotations). */
    public record Annotation(String path, int line, Level level, String title, String message) {
        public Annotation {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The same without annotations: an update of a run that already shows them (GitHub appends, never replaces). */
    public CheckDetails withoutAnnotations() {
        return new CheckDetails(name, headSha, conclusion, title, summary, text, externalId, detailsUrl, startedAt,
                completedAt, List.of());
    }
}
