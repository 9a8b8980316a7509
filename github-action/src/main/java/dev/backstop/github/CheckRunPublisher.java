package dev.backstop.github;

import java.util.Date;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;

/**
 * Sends {@link CheckDetails} to GitHub: creates a check run on the head commit, or updates one. The client's
 * builder sends at most 50 annotations a request and adds the rest with further updates of the same run.
 */
public final class CheckRunPublisher {
    private final GithubRepo repo;

    public CheckRunPublisher(GithubRepo repo) {
        this.repo = repo;
    }

    /** A posted check run: its id and page. */
    public record Posted(long id, String url) {
    }

    /** A new check run; its {@code started_at} is the time approvals are judged against. */
    public Posted create(CheckDetails details) {
        return repo.call("creating check run \"" + details.name() + "\" on " + details.headSha(), () -> {
            GHCheckRunBuilder builder = repo.repository().createCheckRun(details.name(), details.headSha())
                    .withStartedAt(Date.from(details.startedAt()));
            return posted(fill(builder, details).create());
        });
    }

    /** Updates a check run: its name, commit and {@code started_at} stay as they were. */
    public Posted update(long id, CheckDetails details) {
        return repo.call("updating check run " + id + " (\"" + details.name() + "\")",
                () -> posted(fill(repo.repository().updateCheckRun(id), details).create()));
    }

    private static GHCheckRunBuilder fill(GHCheckRunBuilder builder, CheckDetails details) {
        builder.withStatus(GHCheckRun.Status.COMPLETED)
                .withConclusion(GHCheckRun.Conclusion.valueOf(details.conclusion().name()))
                .withCompletedAt(Date.from(details.completedAt()))
                .withExternalID(details.externalId())
                .withDetailsURL(details.detailsUrl());
        GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(details.title(), details.summary())
                .withText(details.text());
        for (CheckDetails.Annotation annotation : details.annotations()) {
            output.add(new GHCheckRunBuilder.Annotation(annotation.path(), annotation.line(),
                    GHCheckRun.AnnotationLevel.valueOf(annotation.level().name()), annotation.message())
                    .withTitle(annotation.title()));
        }
        return builder.add(output);
    }

    private static Posted posted(GHCheckRun run) {
        return new Posted(run.getId(), run.getHtmlUrl() == null ? null : run.getHtmlUrl().toString());
    }
}
