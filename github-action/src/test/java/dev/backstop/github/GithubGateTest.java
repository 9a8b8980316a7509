package dev.backstop.github;

import static dev.backstop.github.testing.GithubHarness.HEAD;
import static dev.backstop.github.testing.GithubHarness.OLD_HEAD;
import static dev.backstop.github.testing.GithubHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.SignedApprovals;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.report.TerraformSources;
import dev.backstop.core.verdict.ExitCodes;
import dev.backstop.core.verdict.Verdict;
import dev.backstop.github.testing.FakeGithub;
import dev.backstop.github.testing.GithubHarness.MovableClock;
import dev.backstop.github.testing.GithubHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code github check} and {@code github verify} end to end through the real GitHub API for Java client, over HTTP,
 * against a fake GitHub on loopback: what is posted, and which approvals count.
 */
class GithubGateTest {
    private static final int PR = 7;

    @TempDir
    Path dir;

    private final FakeGithub github = FakeGithub.start();
    private final MovableClock clock = new MovableClock(T0);
    private final List<Duration> waits = new ArrayList<>();
    private Policy policy = Policy.builtIn();
    private ResourceLocator locator = ResourceLocator.NONE;

    @BeforeEach
    void pullRequest() {
        github.pull(PR, HEAD, "author").permission("alice", "write").permission("carol", "admin")
                .permission("bob", "read").permission("author", "write");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    // ---- the check run ----

    @Test
    void postsACheckRunOnTheHeadCommitThatAsksForApproval() {
        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        List<FakeGithub.Recorded> writes = github.checkRunWrites();
        assertThat(writes).hasSize(1);
        JsonNode posted = writes.get(0).json();
        assertThat(writes.get(0).method()).isEqualTo("POST");
        assertThat(posted.path("name").asText()).isEqualTo("Backstop");
        assertThat(posted.path("head_sha").asText()).isEqualTo(HEAD);
        assertThat(posted.path("status").asText()).isEqualTo("completed");
        assertThat(posted.path("conclusion").asText()).isEqualTo("action_required");
        assertThat(posted.path("external_id").asText()).isEqualTo(fingerprint(GithubHarness.oneDatabase()));
        assertThat(posted.path("details_url").asText()).isEqualTo("https://github.example/acme/infra/actions/runs/987654");
        assertThat(posted.path("started_at").asText()).isEqualTo("2026-03-02T10:00:00Z");
        assertThat(posted.path("output").path("title").asText()).startsWith("Approval required: 1 finding needs sign-off");
        assertThat(posted.path("output").path("summary").asText()).startsWith("<!-- backstop:report -->")
                .contains("aws\\_db\\_instance\\.orders");
        assertThat(posted.path("output").path("text").asText()).contains("### How to approve")
                .contains("/backstop approve " + hex(GithubHarness.oneDatabase()).substring(0, 16))
                .contains("<!-- backstop:report-data v1");
        assertThat(writes.get(0).authorization()).isEqualTo("token " + FakeGithub.TOKEN);
    }

    @Test
    void theSamePlanAgainUpdatesItsCheckRunAndKeepsWhenItWasFirstPosted() {
        check(GithubHarness.oneDatabase());
        long id = github.latestCheckRun().path("id").asLong();
        clock.advance(Duration.ofMinutes(30));

        check(GithubHarness.oneDatabase());

        List<FakeGithub.Recorded> writes = github.checkRunWrites();
        assertThat(writes).extracting(FakeGithub.Recorded::method).containsExactly("POST", "PATCH");
        assertThat(writes.get(1).path()).endsWith("/check-runs/" + id);
        assertThat(writes.get(1).json().has("started_at")).isFalse();
        assertThat(writes.get(1).json().has("head_sha")).isFalse();
        assertThat(writes.get(1).annotations()).isZero();
        assertThat(github.checkRuns()).hasSize(1);
        assertThat(github.checkRun(id).path("started_at").asText()).isEqualTo("2026-03-02T10:00:00Z");
    }

    @Test
    void aNewPlanOnTheSameCommitGetsANewCheckRunAndEarlierReviewsDoNotCarryOver() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(10));

        GithubGate.Outcome outcome = check(GithubHarness.twoDatabases());

        assertThat(github.checkRunWrites()).extracting(FakeGithub.Recorded::method).containsExactly("POST", "POST");
        assertThat(github.checkRuns()).hasSize(2);
        assertThat(github.latestCheckRun().path("external_id").asText()).isEqualTo(fingerprint(GithubHarness.twoDatabases()));
        assertThat(github.latestCheckRun().path("started_at").asText()).isEqualTo("2026-03-02T10:10:00Z");
        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).singleElement().asString().contains("before Backstop posted this plan");
    }

    @Test
    void annotationsGoFiftyARequest() {
        GithubHarness.write(dir, "infra/main.tf", "resource \"aws_db_instance\" \"db\" {\n  count = 0\n}\n");
        locator = TerraformSources.scan(dir.resolve("infra"), dir);

        GithubGate.Outcome outcome = check(GithubHarness.manyDatabases(119));

        int findings = outcome.report().findings().size();
        assertThat(findings).isEqualTo(120); // 119 databases and the mass destroy
        List<FakeGithub.Recorded> writes = github.checkRunWrites();
        assertThat(writes).extracting(FakeGithub.Recorded::method).containsExactly("POST", "PATCH", "PATCH");
        assertThat(writes).extracting(FakeGithub.Recorded::annotations).containsExactly(50, 50, 20);
        assertThat(github.latestCheckRun().path("output").path("annotations_count").asInt()).isEqualTo(120);
        JsonNode first = writes.get(0).json().path("output").path("annotations").get(0);
        assertThat(first.path("path").asText()).isEqualTo("infra/main.tf");
        assertThat(first.path("annotation_level").asText()).isEqualTo("failure");
        assertThat(first.path("title").asText()).startsWith("Backstop ");
        // every request carries the same summary, so the run reads the same whichever request was last
        assertThat(writes.get(2).json().path("output").path("summary").asText())
                .isEqualTo(writes.get(0).json().path("output").path("summary").asText());
    }

    @Test
    void aPlanThatCannotBeCheckedIsAFailedCheckRunAndExitOne() {
        GithubGate.Outcome outcome = check("{\"format_version\":\"1.2\",\"resource_changes\":[");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ERROR);
        JsonNode posted = github.checkRunWrites().get(0).json();
        assertThat(posted.path("conclusion").asText()).isEqualTo("failure");
        assertThat(posted.has("external_id")).isFalse();
        assertThat(posted.path("output").path("title").asText()).startsWith("Error: ");
    }

    @Test
    void aPlanWithNothingToApproveSucceedsWithoutReadingReviews() {
        GithubGate.Outcome outcome = check(GithubHarness.plan());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(github.checkRunWrites().get(0).json().path("conclusion").asText()).isEqualTo("success");
        assertThat(github.requests("GET", ".*/reviews")).isEmpty();
    }

    // ---- which approvals count ----

    @Test
    void anApprovedReviewOnTheHeadCommitAfterTheCheckRunApproves() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(10));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(outcome.report().verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(outcome.report().approvals().accepted()).singleElement()
                .satisfies(a -> assertThat(a.principal()).isEqualTo("github:alice"))
                .satisfies(a -> assertThat(a.channel()).isEqualTo("github-review"));
        JsonNode patch = github.checkRunWrites().get(1).json();
        assertThat(patch.path("conclusion").asText()).isEqualTo("success");
        assertThat(patch.path("output").path("title").asText()).isEqualTo("Approved by github:alice");
        assertThat(patch.path("output").path("text").asText()).contains("accepted: **github\\:alice**");
    }

    @Test
    void theAuthorNeverApprovesTheirOwnPlan() {
        check(GithubHarness.oneDatabase());
        github.comment(PR, "author", "/backstop approve " + hex(GithubHarness.oneDatabase()).substring(0, 12),
                T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).singleElement().asString().contains("github:author is the plan's author");
    }

    @Test
    void botsNeverApprove() {
        github.bot("deploy-helper").permission("deploy-helper", "write").permission("renovate[bot]", "write");
        check(GithubHarness.oneDatabase());
        github.review(PR, "deploy-helper", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.review(PR, "renovate[bot]", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(6)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).hasSize(2).allSatisfy(r -> assertThat(r).contains("is a bot"));
    }

    @Test
    void aReviewOfAnOlderCommitIsStale() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", OLD_HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).singleElement().asString()
                .contains("approved commit 1111111, not the head commit abcdef0");
    }

    @Test
    void aReviewSubmittedBeforeTheCheckRunWasPostedDoesNotCount() {
        github.review(PR, "alice", "APPROVED", HEAD, T0.minus(Duration.ofMinutes(1)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).singleElement().asString()
                .contains("before Backstop posted this plan's findings (2026-03-02T10:00:00Z)");
    }

    @Test
    void aReadOnlyUserDoesNotApproveUnlessThePolicyNamesThem() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "bob", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.review(PR, "stranger", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(6)));

        GithubGate.Outcome readOnly = check(GithubHarness.oneDatabase());

        assertThat(readOnly.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(readOnly)).hasSize(2).allSatisfy(r -> assertThat(r).contains("has no write access"));

        policy = Policy.parse(".backstop.yml", "version: 1\napprovals:\n  groups:\n    ops: [\"github:Bob\"]\n");
        GithubGate.Outcome named = check(GithubHarness.oneDatabase());

        assertThat(named.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(named.report().approvals().accepted()).extracting(a -> a.principal()).containsExactly("github:Bob");
    }

    @Test
    void aCommentWithEnoughOfTheFingerprintApproves() {
        check(GithubHarness.oneDatabase());
        github.comment(PR, "alice", "Looked at the snapshot first.\n/backstop approve sha256:"
                + hex(GithubHarness.oneDatabase()).substring(0, 12).toUpperCase() + "\nthanks", T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(outcome.report().approvals().accepted()).singleElement()
                .satisfies(a -> assertThat(a.channel()).isEqualTo("github-comment"));
    }

    @Test
    void aCommentWithTooShortOrTheWrongPrefixOrEditedDoesNotApprove() {
        String hex = hex(GithubHarness.oneDatabase());
        check(GithubHarness.oneDatabase());
        Instant later = T0.plus(Duration.ofMinutes(5));
        github.comment(PR, "alice", "/backstop approve " + hex.substring(0, 11), later);
        github.comment(PR, "carol", "/backstop approve " + (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1, 16), later);
        github.comment(PR, "bob", "/backstop approve", later);
        github.permission("dave", "write").comment(PR, "dave", "/backstop approve " + hex.substring(0, 16), later,
                later.plus(Duration.ofMinutes(1)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).hasSize(4).anySatisfy(r -> assertThat(r).contains("gives 11 hex digits"))
                .anySatisfy(r -> assertThat(r).contains("does not match this plan's fingerprint"))
                .anySatisfy(r -> assertThat(r).contains("names no plan"))
                .anySatisfy(r -> assertThat(r).contains("was edited after it was posted"));
    }

    @Test
    void requestingChangesAfterApprovingWithdrawsTheApproval() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.review(PR, "alice", "COMMENTED", HEAD, T0.plus(Duration.ofMinutes(6)));
        github.review(PR, "alice", "CHANGES_REQUESTED", HEAD, T0.plus(Duration.ofMinutes(7)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(rejections(outcome)).singleElement().asString().contains("requested changes");
    }

    @Test
    void thePolicysCountsPerSeverityApply() {
        policy = Policy.parse(".backstop.yml", "version: 1\napprovals:\n  required:\n    high: 2\n");
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome one = check(GithubHarness.oneDatabase());

        assertThat(one.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(github.latestCheckRun().path("output").path("title").asText()).endsWith("(1 more approver)");

        github.comment(PR, "carol", "/backstop approve " + hex(GithubHarness.oneDatabase()), T0.plus(Duration.ofMinutes(8)));
        clock.advance(Duration.ofMinutes(10));
        GithubGate.Outcome two = check(GithubHarness.oneDatabase());

        assertThat(two.exitCode()).as(rejections(two).toString()).isEqualTo(ExitCodes.ALLOW);
        assertThat(two.report().approvals().accepted()).extracting(a -> a.principal())
                .containsExactly("github:alice", "github:carol");
    }

    @Test
    void aTeamThePolicyRequiresIsReadFromGithub() {
        policy = Policy.parse(".backstop.yml", "version: 1\napprovals:\n  groups:\n    dba: [\"github-team:acme/dba\"]\n"
                + "  required:\n    high: {count: 1, from: [dba]}\n");
        github.team("acme", "dba", "bob");
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome notInTeam = check(GithubHarness.oneDatabase());

        assertThat(notInTeam.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(notInTeam.report().approvals().missing()).singleElement().asString().contains("from dba");

        github.review(PR, "bob", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(6)));
        clock.advance(Duration.ofMinutes(10));
        GithubGate.Outcome member = check(GithubHarness.oneDatabase());

        assertThat(member.exitCode()).as(rejections(member) + " " + member.report().approvals()).isEqualTo(ExitCodes.ALLOW); // bob reads only, but the policy names his team
        assertThat(member.report().approvals().requirements().get(0).approvedBy()).containsExactly("github:bob");
    }

    @Test
    void aTeamTheTokenCannotReadIsNotedAndCountsNobody() {
        policy = Policy.parse(".backstop.yml", "version: 1\napprovals:\n  groups:\n    dba: [\"github-team:acme/secret\"]\n");
        check(GithubHarness.oneDatabase());
        github.review(PR, "bob", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = check(GithubHarness.oneDatabase());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(github.latestCheckRun().path("output").path("text").asText())
                .contains("team acme/secret could not be read with this token");
    }

    // ---- re-evaluation on a review or comment ----

    @Test
    void aReviewEventReEvaluatesFromTheCheckRunWithoutThePlan() {
        check(GithubHarness.oneDatabase());
        long id = github.latestCheckRun().path("id").asLong();
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(6));

        GithubGate.Outcome outcome = gate("pull_request_review", GithubHarness.pullRequestEvent(PR, HEAD))
                .check(options(), null);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(outcome.report().fingerprint()).isEqualTo(fingerprint(GithubHarness.oneDatabase()));
        assertThat(outcome.report().findings()).hasSize(1);
        List<FakeGithub.Recorded> writes = github.checkRunWrites();
        assertThat(writes).extracting(FakeGithub.Recorded::method).containsExactly("POST", "PATCH");
        assertThat(writes.get(1).path()).endsWith("/check-runs/" + id);
        assertThat(writes.get(1).json().path("conclusion").asText()).isEqualTo("success");
        // the findings are kept for the next re-evaluation too
        assertThat(EmbeddedReport.decode(writes.get(1).json().path("output").path("text").asText())).isPresent();
    }

    @Test
    void aCommentEventFindsThePullRequestsHeadThroughTheApi() {
        check(GithubHarness.oneDatabase());
        github.comment(PR, "alice", "/backstop approve " + hex(GithubHarness.oneDatabase()).substring(0, 20),
                T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = gate("issue_comment", GithubHarness.commentEvent(PR)).check(options(), null);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(github.latestCheckRun().path("conclusion").asText()).isEqualTo("success");
    }

    @Test
    void reEvaluationWithoutACheckRunOnTheHeadFailsAndPostsNothing() {
        check(GithubHarness.oneDatabase());
        github.pull(PR, "fedcba9876543210fedcba9876543210fedcba98", "author"); // pushed since: a new head
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate gate = gate("issue_comment", GithubHarness.commentEvent(PR));

        assertThatThrownBy(() -> gate.check(options(), null)).isInstanceOf(BackstopException.class)
                .hasMessageContaining("has no check run named \"Backstop\" yet");
        assertThat(github.checkRunWrites()).hasSize(1);
    }

    @Test
    void reEvaluationRefusesACheckRunWhoseKeptFindingsAreForAnotherPlan() {
        check(GithubHarness.twoDatabases());
        String text = github.latestCheckRun().path("output").path("text").asText();
        github.existingCheckRun("Backstop", HEAD, fingerprint(GithubHarness.oneDatabase()), T0.plusSeconds(60), text);

        GithubGate gate = gate("pull_request_review", GithubHarness.pullRequestEvent(PR, HEAD));

        assertThatThrownBy(() -> gate.check(options(), null)).isInstanceOf(BackstopException.class)
                .hasMessageContaining("holds the findings of " + fingerprint(GithubHarness.twoDatabases()));
        assertThat(github.checkRunWrites()).hasSize(1);
    }

    @Test
    void anEventWithoutAPullRequestIsAClearError() {
        GithubGate gate = gate("push", "{\"ref\":\"refs/heads/main\"}");

        assertThatThrownBy(() -> gate.check(options(), () -> report(GithubHarness.oneDatabase())))
                .isInstanceOf(BackstopException.class)
                .hasMessageContaining("no pull request: the push event is not about one");
    }

    // ---- verify before apply ----

    @Test
    void verifyAllowsTheReviewedPlanOnceApproved() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.commitPulls("9999999999999999999999999999999999999999", PR);
        clock.advance(Duration.ofHours(1));
        int writes = github.checkRunWrites().size();

        GithubGate.Outcome outcome = verify(GithubHarness.oneDatabase(), "9999999999999999999999999999999999999999");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(outcome.pullRequest()).isEqualTo(PR);
        assertThat(outcome.report().isApproved()).isTrue();
        assertThat(github.checkRunWrites()).hasSize(writes); // verify writes nothing
    }

    @Test
    void verifyRefusesAPlanThatChangedSinceReview() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "alice", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));
        github.commitPulls("9999999999999999999999999999999999999999", PR);

        GithubGate.Outcome outcome = verify(GithubHarness.twoDatabases(), "9999999999999999999999999999999999999999");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outcome.reason()).startsWith("the plan changed since review: pull request #7 reviewed plan "
                + fingerprint(GithubHarness.oneDatabase()) + ", but the plan about to be applied is "
                + fingerprint(GithubHarness.twoDatabases()));
    }

    @Test
    void verifyRefusesAReviewedPlanThatIsNotApprovedEnough() {
        check(GithubHarness.oneDatabase());
        github.review(PR, "bob", "APPROVED", HEAD, T0.plus(Duration.ofMinutes(5)));

        GithubGate.Outcome outcome = verifyPr(GithubHarness.oneDatabase(), PR);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outcome.reason()).contains("is not approved enough on pull request #7")
                .contains("high findings need 1 distinct approver");
    }

    @Test
    void verifyRefusesWhenNoPullRequestHasTheCommit() {
        GithubGate.Outcome outcome = verify(GithubHarness.oneDatabase(), "8888888888888888888888888888888888888888");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outcome.reason()).startsWith("no pull request contains commit 8888888888888888888888888888888888888888");
    }

    @Test
    void verifyRefusesWhenThePlanWasNeverPostedForReview() {
        GithubGate.Outcome outcome = verifyPr(GithubHarness.oneDatabase(), PR);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outcome.reason()).contains("has no check run named \"Backstop\" on its head commit");
    }

    @Test
    void verifyOfAPlanThatNeedsNoSignOffAsksGithubNothing() {
        GithubGate.Outcome outcome = verifyPr(GithubHarness.plan(), PR);

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.ALLOW);
        assertThat(github.requests()).extracting(FakeGithub.Recorded::path).containsExactly("/repos/acme/infra");
    }

    // ---- helpers ----

    private GithubGate gate(String eventName, String eventJson) {
        Path event = GithubHarness.write(dir, "event-" + System.nanoTime() + ".json", eventJson);
        ActionsEnvironment env = ActionsEnvironment.from(GithubHarness.env(github, eventName, event, null, null), null,
                dir);
        GithubRepo repo = GithubRepo.connect(env, ResilientConnector.Settings.DEFAULT, waits::add, clock);
        return new GithubGate(env, EventPayload.read(eventName, env.eventPath()), repo, clock);
    }

    private GithubGate.Options options() {
        return new GithubGate.Options("Backstop", null, null, policy, SignedApprovals.none(), locator);
    }

    private GithubGate.Outcome check(String plan) {
        return gate("pull_request", GithubHarness.pullRequestEvent(PR, HEAD)).check(options(), () -> report(plan));
    }

    private GithubGate.Outcome verify(String plan, String sha) {
        ActionsEnvironment env = ActionsEnvironment.from(GithubHarness.env(github, "push", null, null, null), null,
                dir);
        GithubRepo repo = GithubRepo.connect(env, ResilientConnector.Settings.DEFAULT, waits::add, clock);
        return new GithubGate(env, EventPayload.none(), repo, clock).verify(
                new GithubGate.Options("Backstop", null, sha, policy, SignedApprovals.none(), locator), report(plan));
    }

    private GithubGate.Outcome verifyPr(String plan, int number) {
        ActionsEnvironment env = ActionsEnvironment.from(GithubHarness.env(github, "push", null, null, null), null,
                dir);
        GithubRepo repo = GithubRepo.connect(env, ResilientConnector.Settings.DEFAULT, waits::add, clock);
        return new GithubGate(env, EventPayload.none(), repo, clock).verify(
                new GithubGate.Options("Backstop", number, null, policy, SignedApprovals.none(), locator), report(plan));
    }

    private CheckReport report(String plan) {
        return GithubHarness.check(plan, policy, clock);
    }

    private String fingerprint(String plan) {
        return report(plan).fingerprint();
    }

    private String hex(String plan) {
        return fingerprint(plan).substring("sha256:".length());
    }

    private static List<String> rejections(GithubGate.Outcome outcome) {
        return outcome.report().approvals().rejected().stream()
                .map(r -> r.principal() + " " + r.source() + ": " + r.reason()).toList();
    }
}
