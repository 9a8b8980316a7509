package dev.backstop.github;

import static dev.backstop.github.testing.GithubHarness.HEAD;
import static dev.backstop.github.testing.GithubHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.SignedApprovals;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.verdict.ExitCodes;
import dev.backstop.github.testing.FakeGithub.Fault;
import dev.backstop.github.testing.FakeGithub;
import dev.backstop.github.testing.GithubHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub API failing: 500 and 502, timeouts, secondary rate limits with Retry-After, malformed JSON. Each is
 * retried a bounded number of times with bounded waits (recorded here, not slept), then fails closed: one line
 * that names the request and never the token, and no check run says success.
 */
class ResilienceTest {
    private static final String PULL = "/repos/acme/infra/pulls/7";
    private static final String CHECK_RUNS = "/repos/acme/infra/check-runs";

    @TempDir
    Path dir;

    private final FakeGithub github = FakeGithub.start();
    private final List<Duration> waits = new ArrayList<>();
    private ResilientConnector.Settings settings = ResilientConnector.Settings.DEFAULT;

    @BeforeEach
    void pullRequest() {
        github.pull(7, HEAD, "author").permission("alice", "write");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void serverError500IsRetriedWithGrowingWaitsThenSucceeds() {
        github.fault("POST", CHECK_RUNS, Fault.status(500), 2);

        GithubGate.Outcome outcome = check();

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(github.requests("POST", CHECK_RUNS)).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void badGateway502OnEveryAttemptFailsClosedAfterFourAttempts() {
        github.fault("GET", PULL, Fault.status(502), 100);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessage("GitHub API: GET " + PULL + " answered HTTP 502 on 4 attempts; nothing was decided (fail"
                        + " closed) (while reading pull request #7)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FakeGithub.TOKEN));
        assertThat(github.requests("GET", PULL)).hasSize(4);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(github.checkRunWrites()).isEmpty();
    }

    @Test
    void aTimeoutIsRetriedThenFailsClosed() {
        settings = settings.withTimeout(Duration.ofMillis(300));
        github.fault("GET", PULL, Fault.delay(Duration.ofSeconds(3)), 100);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessageStartingWith("GitHub API: GET " + PULL + " did not answer within 0.3 s on 4 attempts");
        assertThat(github.checkRunWrites()).isEmpty();
    }

    @Test
    void aTimeoutOnceIsRetried() {
        settings = settings.withTimeout(Duration.ofMillis(500));
        github.fault("GET", PULL, Fault.delay(Duration.ofSeconds(3)), 1);

        assertThat(check().exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aSecondaryRateLimitWaitsWhatRetryAfterAsks() {
        github.fault("POST", CHECK_RUNS, Fault.secondaryRateLimit(7), 1);

        assertThat(check().exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
        assertThat(github.checkRuns()).hasSize(1);
    }

    @Test
    void aSecondaryRateLimitThatLastsFailsClosed() {
        github.fault("POST", CHECK_RUNS, Fault.secondaryRateLimit(2), 100);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessageStartingWith("GitHub API: POST " + CHECK_RUNS + " hit GitHub's rate limit (HTTP 403) on 4"
                        + " attempts");
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(github.checkRuns()).isEmpty();
    }

    @Test
    void aRateLimitAskingForLongerThanBackstopWaitsFailsAtOnce() {
        github.fault("GET", PULL, Fault.secondaryRateLimit(3600), 1);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessageContaining("asks to wait 3600 s, longer than Backstop waits (60 s)");
        assertThat(waits).isEmpty();
    }

    @Test
    void malformedJsonIsRetriedThenFailsClosed() {
        github.fault("GET", PULL, Fault.malformedJson(), 100);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessage("GitHub API: GET " + PULL + " answered with malformed JSON on 4 attempts; nothing was"
                        + " decided (fail closed) (while reading pull request #7)");
        assertThat(github.checkRunWrites()).isEmpty();
    }

    @Test
    void malformedJsonOnceIsRetried() {
        github.fault("GET", PULL, Fault.malformedJson(), 1);

        assertThat(check().exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
    }

    @Test
    void aFailureWhileReadingReviewsLeavesTheCheckRunAsItWas() {
        check();
        github.review(7, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.fault("GET", PULL + "/reviews", Fault.status(503), 100);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessageContaining("HTTP 503 on 4 attempts").hasMessageContaining("reading the reviews");
        assertThat(github.checkRunWrites()).hasSize(1);
        assertThat(github.latestCheckRun().path("conclusion").asText()).isEqualTo("action_required");
    }

    @Test
    void badCredentialsAreNotRetriedAndSayWhatToCheck() {
        github.expectToken("another-token");

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessage("GitHub API: reading repository acme/infra failed: HTTP 401 (Bad credentials): the token"
                        + " is wrong or expired");
        assertThat(github.requests()).hasSize(1);
    }

    @Test
    void aMissingPermissionNamesTheWorkflowPermissions() {
        github.fault("POST", CHECK_RUNS, new Fault(403, java.util.Map.of(),
                "{\"message\":\"Resource not accessible by integration\"}", Duration.ZERO), 1);

        assertThatThrownBy(this::check).isInstanceOf(BackstopException.class)
                .hasMessageContaining("HTTP 403 (Resource not accessible by integration)")
                .hasMessageContaining("checks: write");
        assertThat(github.requests("POST", CHECK_RUNS)).hasSize(1);
    }

    private GithubGate.Outcome check() {
        Path event = GithubHarness.write(dir, "event.json", GithubHarness.pullRequestEvent(7, HEAD));
        ActionsEnvironment env = ActionsEnvironment.from(GithubHarness.env(github, "pull_request", event, null, null),
                null, dir);
        GithubHarness.MovableClock clock = new GithubHarness.MovableClock(T0.plus(Duration.ofMinutes(10)));
        GithubRepo repo = GithubRepo.connect(env, settings, waits::add, clock);
        return new GithubGate(env, EventPayload.read("pull_request", event), repo, clock).check(
                new GithubGate.Options("Backstop", null, null, Policy.builtIn(), SignedApprovals.none(),
                        ResourceLocator.NONE),
                () -> GithubHarness.check(GithubHarness.oneDatabase(), Policy.builtIn(), clock));
    }
}
