package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static dev.backstop.github.testing.GithubHarness.HEAD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.SshKeygen;
import dev.backstop.core.verdict.ExitCodes;
import dev.backstop.github.testing.FakeGithub;
import dev.backstop.github.testing.GithubHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backstop github check|verify} end to end: the real command line, the real client, a fake GitHub. */
class GithubCommandTest {
    @TempDir
    Path dir;

    private final FakeGithub github = FakeGithub.start();
    private Path plan;
    private Path outputs;
    private Path summary;

    @BeforeEach
    void setUp() throws Exception {
        github.pull(7, HEAD, "author").permission("alice", "write");
        plan = GithubHarness.write(dir, "plan.json", GithubHarness.oneDatabase());
        outputs = dir.resolve("github_output");
        summary = dir.resolve("step_summary.md");
        Files.createFile(outputs);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void helpShowsBothSubcommands() {
        Cli.Result help = cli().run("github", "--help");
        Cli.Result bare = cli().run("github");
        Cli.Result check = cli().run("github", "check", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("check").contains("verify").contains("docs/github.md");
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err()).contains("a subcommand is required");
        assertThat(check.out()).contains("--plan").contains("--name").contains("GITHUB_EVENT_PATH");
        assertThat(cli().run("--help").out()).contains("github");
    }

    @Test
    void checkPostsTheCheckRunAndGivesTheStepItsOutputsAndSummary() throws Exception {
        Cli.Result result = run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan",
                plan.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        String fingerprint = github.latestCheckRun().path("external_id").asText();
        assertThat(fingerprint).startsWith("sha256:");
        assertThat(Files.readString(outputs)).contains("verdict=approval_required\n", "exit-code=3\n",
                "fingerprint=" + fingerprint + "\n", "blocking=1\n", "pull-request=7\n",
                "check-run-id=" + github.latestCheckRun().path("id").asText() + "\n");
        assertThat(Files.readString(summary)).startsWith("<!-- backstop:report -->");
        assertThat(result.out()).startsWith("::stop-commands::backstop-").contains("APPROVAL REQUIRED")
                .contains("Check run \"Backstop\": " + github.apiUrl() + "/acme/infra/runs/");
    }

    @Test
    void aReviewEventReEvaluatesWithoutThePlanAndApproves() throws Exception {
        run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan", plan.toString());
        github.review(7, "alice", "APPROVED", HEAD, Instant.now().plusSeconds(2));

        Cli.Result result = run("pull_request_review", GithubHarness.pullRequestEvent(7, HEAD), "github", "check");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.ALLOW);
        assertThat(github.latestCheckRun().path("conclusion").asText()).isEqualTo("success");
        assertThat(Files.readString(outputs)).contains("verdict=allow\n", "approved-by=github:alice\n");
    }

    @Test
    void verifyAllowsTheApprovedPlanAndRefusesAChangedOne() throws Exception {
        run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan", plan.toString());
        github.review(7, "alice", "APPROVED", HEAD, Instant.now().plusSeconds(2));
        github.commitPulls("9999999999999999999999999999999999999999", 7);
        Path changed = GithubHarness.write(dir, "changed.json", GithubHarness.twoDatabases());

        Cli.Result approved = run("push", "{}", "github", "verify", "--plan", plan.toString(), "--sha",
                "9999999999999999999999999999999999999999");
        Cli.Result refused = run("push", "{}", "github", "verify", "--plan", changed.toString(), "--sha",
                "9999999999999999999999999999999999999999");

        assertThat(approved.exitCode()).as(approved.err()).isEqualTo(ExitCodes.ALLOW);
        assertThat(approved.out()).contains("approved by github:alice");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(refused.err()).startsWith("backstop: refused: the plan changed since review: pull request #7"
                + " reviewed plan sha256:");
        assertThat(Files.readString(outputs)).contains("reason=the plan changed since review");
    }

    @Test
    void aPlanOverTheSizeLimitIsAnErrorAndNeverASuccess() throws Exception {
        Cli.Result result = run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan",
                plan.toString(), "--max-plan-size", "100");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("100");
        assertThat(Files.readString(outputs)).contains("verdict=error\n").doesNotContain("verdict=allow");
    }

    @Test
    void signedApprovalFilesCountTogetherWithReviews() throws Exception {
        SshKeygen.assumeAvailable();
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path key = keygen.newKey("ed25519", 0, "dana");
        Path signers = Files.writeString(dir.resolve("allowed_signers"),
                "dana@example.com " + keygen.publicKeyLine(key) + "\n");
        Files.writeString(dir.resolve(".backstop.yml"), "version: 1\napprovals:\n  required:\n    high: 2\n");
        Files.createDirectories(dir.resolve("approvals"));
        assertThat(cli().in(dir).run("approve", plan.toString(), "--key", key.toString(), "--principal",
                "dana@example.com", "--reason", "snapshot taken", "--out", "approvals/dana.json").exitCode()).isZero();
        run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan", plan.toString());
        github.review(7, "alice", "APPROVED", HEAD, Instant.now().plusSeconds(2));

        Cli.Result result = run("pull_request_review", GithubHarness.pullRequestEvent(7, HEAD), "github", "check",
                "--approvals", "approvals", "--allowed-signers", signers.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCodes.ALLOW);
        assertThat(Files.readString(outputs)).contains("approved-by=dana@example.com,github:alice\n");
        assertThat(github.latestCheckRun().path("output").path("title").asText())
                .isEqualTo("Approved by dana@example.com, github:alice");
    }

    @Test
    void aFailingApiIsExitOneWithOneLineAndTheTokenIsNeverPrinted() throws Exception {
        github.fault("GET", ".*", FakeGithub.Fault.status(502), 1000);

        Cli.Result result = run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan",
                plan.toString(), "--debug", "--api-backoff-ms", "1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).startsWith("backstop: error: GitHub API: GET /repos/acme/infra answered HTTP 502 on"
                + " 4 attempts; nothing was decided (fail closed)");
        assertThat(result.err()).contains("at dev.backstop"); // --debug printed the stack trace
        assertThat(Files.readString(outputs)).contains("verdict=error\n", "exit-code=1\n");
        assertNoToken(result, FakeGithub.TOKEN);
        assertThat(github.checkRunWrites()).isEmpty();
    }

    @Test
    void aTokenGivenOnTheCommandLineIsNeverPrintedEither() throws Exception {
        String wrong = "ghp_wrong0token0from0the0command0line";

        Cli.Result result = run("pull_request", GithubHarness.pullRequestEvent(7, HEAD), "github", "check", "--plan",
                plan.toString(), "--token", wrong, "--debug");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).startsWith("backstop: error: GitHub API: reading repository acme/infra failed: HTTP"
                + " 401 (Bad credentials)");
        assertNoToken(result, wrong);
        assertNoToken(result, FakeGithub.TOKEN);
    }

    @Test
    void missingEnvironmentIsOneClearLine() {
        Cli.Result noRepository = cli().in(dir).env("GITHUB_TOKEN", "x").run("github", "check", "--plan",
                plan.toString());
        Cli.Result noToken = cli().in(dir).env("GITHUB_REPOSITORY", "acme/infra").run("github", "verify", "--plan",
                plan.toString());

        assertThat(noRepository.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(noRepository.err()).isEqualTo("backstop: error: GITHUB_REPOSITORY is not set: run in GitHub"
                + " Actions, or set it to OWNER/REPO\n");
        assertThat(noToken.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(noToken.err()).startsWith("backstop: error: no GitHub token");
    }

    @Test
    void anEventWithoutAPullRequestIsAnError() {
        Cli.Result result = run("workflow_dispatch", "{}", "github", "check", "--plan", plan.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("no pull request: the workflow_dispatch event is not about one");
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertThat(cli().run("github", "verify").exitCode()).isEqualTo(ExitCodes.USAGE);
        Cli.Result author = run("pull_request", "{}", "github", "check", "--plan", plan.toString(), "--author", "x");
        assertThat(author.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(author.err()).contains("Unknown options: '--author'").contains("Try 'backstop github check --help'");
    }

    private Cli.Result run(String eventName, String eventJson, String... args) {
        Path event = GithubHarness.write(dir, "event.json", eventJson);
        Cli cli = cli().in(dir);
        for (Map.Entry<String, String> e : GithubHarness.env(github, eventName, event, outputs, summary).entrySet()) {
            cli.env(e.getKey(), e.getValue());
        }
        return cli.run(args);
    }

    private void assertNoToken(Cli.Result result, String token) throws Exception {
        assertThat(result.out()).doesNotContain(token);
        assertThat(result.err()).doesNotContain(token);
        assertThat(Files.readString(outputs)).doesNotContain(token);
        if (Files.exists(summary)) {
            assertThat(Files.readString(summary)).doesNotContain(token);
        }
    }
}
