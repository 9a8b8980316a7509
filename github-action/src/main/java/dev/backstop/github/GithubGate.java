package dev.backstop.github;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.SignedApprovals;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.verdict.ExitCodes;
import dev.backstop.core.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The two things Backstop does on GitHub. {@link #check}: post (or update) the plan's check run on the pull
 * request's head commit, with the approvals given so far. {@link #verify}: before apply, decide whether the plan
 * about to be applied is the one reviewed on its pull request, and approved enough, now.
 */
public final class GithubGate {
    /**
     * @param name        the check run's name
     * @param pullRequest {@code --pr}, or null to take it from the event (or, for verify, from the commit)
     * @param sha         for verify: the commit being applied ({@code GITHUB_SHA} when null)
     * @param policy      the policy: approver counts and groups
     * @param signed      signed approval files, counted with GitHub's
     * @param locator     where findings are in the configuration, for annotations
     */
    public record Options(String name, Integer pullRequest, String sha, Policy policy, SignedApprovals signed,
            ResourceLocator locator) {
        public Options {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(signed, "signed");
            Objects.requireNonNull(locator, "locator");
        }
    }

    /**
     * What was decided.
     *
     * @param report      the report, with approvals when they were reviewed
     * @param exitCode    0 allowed or approved, 1 error, 3 approval required (or refused), 4 denied
     * @param reason      why verify refused, in one line; null otherwise
     * @param pullRequest the pull request, when one was found
     * @param checkRun    the check run posted or read, when there is one
     */
    public record Outcome(CheckReport report, int exitCode, String reason, Integer pullRequest,
            CheckRunPublisher.Posted checkRun) {
    }

    private final ActionsEnvironment env;
    private final EventPayload event;
    private final GithubRepo repo;
    private final Clock clock;

    public GithubGate(ActionsEnvironment env, EventPayload event, GithubRepo repo, Clock clock) {
        this.env = env;
        this.event = event;
        this.repo = repo;
        this.clock = clock;
    }

    /**
     * Checks a plan ({@code plan} not null) or re-evaluates the approvals of the plan already posted on the head
     * commit ({@code plan} null: on a review or a comment), and posts the result as the check run.
     *
     * <p>With a plan, the check run for its fingerprint is updated when the head commit has one (its first posting
     * stays the time reviews must follow, and its annotations are not added twice); a new fingerprint, or a plan
     * that could not be checked, gets a new check run, so earlier reviews do not carry over. Without a plan, the
     * fingerprint and findings come from the head commit's latest check run of this name, and only that run is
     * updated: approvals never turn another fingerprint's check green.
     */
    public Outcome check(Options options, Supplier<CheckReport> plan) {
        int number = pullRequestNumber(options, "check");
        GithubRepo.PullRequest pull = repo.pullRequest(number);
        String headSha = options.pullRequest() == null && event.headSha() != null ? event.headSha() : pull.headSha();
        Optional<GithubRepo.ExistingCheckRun> existing = repo.latestCheckRun(headSha, options.name());
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        CheckReport report;
        Instant postedAt;
        Long update = null;
        if (plan != null) {
            try {
                report = plan.get();
            } catch (BackstopException e) {
                report = CheckReport.error(e.getMessage());
            }
            if (report.fingerprint() != null && existing.isPresent()
                    && report.fingerprint().equals(existing.get().externalId()) && existing.get().startedAt() != null) {
                postedAt = existing.get().startedAt();
                update = existing.get().id();
            } else {
                postedAt = now;
            }
        } else {
            GithubRepo.ExistingCheckRun run = existing.orElseThrow(() -> new BackstopException("nothing to re-evaluate:"
                    + " commit " + headSha + " (head of pull request #" + number + ") has no check run named \""
                    + options.name() + "\" yet; the pull_request workflow posts it with --plan first"));
            if (run.externalId() == null) {
                throw new BackstopException("check run \"" + options.name() + "\" on " + headSha + " holds no plan"
                        + " fingerprint (its plan could not be checked): run the check again with --plan");
            }
            report = EmbeddedReport.decode(run.text()).orElseThrow(() -> new BackstopException("check run \""
                    + options.name() + "\" on " + headSha + " does not hold its findings (too many to keep, or the"
                    + " text was changed): run the check again with --plan"));
            if (!run.externalId().equals(report.fingerprint())) {
                throw new BackstopException("check run \"" + options.name() + "\" on " + headSha + " is for plan "
                        + run.externalId() + " but holds the findings of " + report.fingerprint()
                        + ": run the check again with --plan");
            }
            if (run.startedAt() == null) {
                throw new BackstopException("check run \"" + options.name() + "\" on " + headSha + " has no start"
                        + " time to judge reviews against: run the check again with --plan");
            }
            postedAt = run.startedAt();
            update = run.id();
        }
        CheckReport recorded = report;
        CheckReport decided = GithubApprovals.review(report, repo, pull, headSha, postedAt, options.policy(),
                options.signed(), clock);
        String details = env.runUrl() != null ? env.runUrl() : pull.url() != null ? pull.url()
                : env.pullRequestUrl(number);
        CheckDetails content = CheckRunContent.of(decided, recorded, new CheckRunContent.Context(options.name(),
                headSha, details, postedAt, options.locator(), repo.notes()), now);
        CheckRunPublisher publisher = new CheckRunPublisher(repo);
        CheckRunPublisher.Posted posted = update == null ? publisher.create(content)
                : publisher.update(update, content.withoutAnnotations());
        return new Outcome(decided, decided.verdict().exitCode(), null, number, posted);
    }

    /**
     * Decides whether the plan about to be applied may be: exit 0 only when it needs no sign-off, or when its pull
     * request's head commit carries the check run for exactly this fingerprint and the approvals given there (and
     * any signed files) meet the policy now. Anything else needing approval is refused with exit 3 and the reason.
     * Nothing is written to GitHub.
     */
    public Outcome verify(Options options, CheckReport report) {
        if (report.verdict() != Verdict.APPROVAL_REQUIRED) {
            return new Outcome(report, report.verdict().exitCode(), null, null, null);
        }
        Integer number = options.pullRequest() != null ? options.pullRequest() : event.pullRequest();
        if (number == null) {
            String sha = options.sha() != null ? options.sha() : env.sha();
            if (sha == null) {
                throw new BackstopException("which commit is being applied? GITHUB_SHA is not set: pass --sha SHA or"
                        + " --pr N");
            }
            Optional<Integer> found = repo.pullRequestForCommit(sha);
            if (found.isEmpty()) {
                return refuse(report, null, null, "no pull request contains commit " + sha + ": approvals are given"
                        + " on a pull request, and this plan was not reviewed on one (pass --pr N if it was)");
            }
            number = found.get();
        }
        GithubRepo.PullRequest pull = repo.pullRequest(number);
        Optional<GithubRepo.ExistingCheckRun> existing = repo.latestCheckRun(pull.headSha(), options.name());
        if (existing.isEmpty()) {
            return refuse(report, number, null, "pull request #" + number + " has no check run named \""
                    + options.name() + "\" on its head commit " + pull.headSha() + ": this plan was never reviewed"
                    + " there");
        }
        GithubRepo.ExistingCheckRun run = existing.get();
        CheckRunPublisher.Posted posted = new CheckRunPublisher.Posted(run.id(), run.url());
        if (!report.fingerprint().equals(run.externalId())) {
            return refuse(report, number, posted, "the plan changed since review: pull request #" + number
                    + " reviewed plan " + (run.externalId() == null ? "(none: its check failed)" : run.externalId())
                    + ", but the plan about to be applied is " + report.fingerprint() + "; approvals are bound to"
                    + " one exact plan, so plan again on the pull request and have the new plan reviewed");
        }
        if (run.startedAt() == null) {
            return refuse(report, number, posted, "the check run on pull request #" + number + " has no start time"
                    + " to judge reviews against");
        }
        CheckReport decided = GithubApprovals.review(report, repo, pull, pull.headSha(), run.startedAt(),
                options.policy(), options.signed(), clock);
        if (decided.verdict() == Verdict.ALLOW) {
            return new Outcome(decided, ExitCodes.ALLOW, null, number, posted);
        }
        String missing = decided.approvals() == null ? "" : String.join("; ", decided.approvals().missing());
        return refuse(decided, number, posted, "plan " + report.fingerprint() + " is not approved enough on pull"
                + " request #" + number + (missing.isEmpty() ? "" : ": " + missing));
    }

    private static Outcome refuse(CheckReport report, Integer number, CheckRunPublisher.Posted run, String reason) {
        return new Outcome(report, ExitCodes.APPROVAL_REQUIRED, reason, number, run);
    }

    private int pullRequestNumber(Options options, String command) {
        if (options.pullRequest() != null) {
            return options.pullRequest();
        }
        if (event.pullRequest() != null) {
            return event.pullRequest();
        }
        throw new BackstopException("no pull request: " + (event.eventName() == null ? "no event payload"
                : "the " + event.eventName() + " event is not about one") + " (GITHUB_EVENT_PATH); run `github "
                + command + "` on pull_request, pull_request_review or issue_comment, or pass --pr N");
    }
}
