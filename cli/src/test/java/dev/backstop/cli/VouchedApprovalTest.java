package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --vouched-approval}: approvals a CI system authenticated (a Jenkins input submitter) count for the one
 * plan they were given for ({@code --expect-fingerprint}), under the same policy rules as signed approvals.
 */
class VouchedApprovalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String delete() {
        return RepoFiles.plan("delete.json").toString();
    }

    static String fingerprint(String plan) {
        return cli().run("fingerprint", plan).out().strip();
    }

    static Cli.Result check(String plan, String... more) {
        List<String> args = new ArrayList<>(List.of("check", plan));
        args.addAll(List.of(more));
        return cli().run(args.toArray(String[]::new));
    }

    static String[] vouched(String expected, String... principals) {
        List<String> args = new ArrayList<>(List.of("--expect-fingerprint", expected, "--vouched-by", "jenkins-input",
                "--vouched-source", "https://ci.example/job/infra/7/"));
        for (String principal : principals) {
            args.add("--vouched-approval");
            args.add(principal);
        }
        return args.toArray(String[]::new);
    }

    static String[] concat(String[] first, String... second) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(second));
        return all.toArray(String[]::new);
    }

    @Test
    void vouchedApprovalOfTheExpectedPlanAllowsIt() throws Exception {
        Cli.Result result = check(delete(), concat(vouched(fingerprint(delete()), "jenkins:bob"), "--format", "json"));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.ALLOW);
        JsonNode accepted = JSON.readTree(result.out()).path("approvals").path("accepted").get(0);
        assertThat(accepted.path("principal").asText()).isEqualTo("jenkins:bob");
        assertThat(accepted.path("channel").asText()).isEqualTo("jenkins-input");
        assertThat(accepted.path("source").asText()).isEqualTo("https://ci.example/job/infra/7/");
    }

    @Test
    void authorsOwnVouchedApprovalDoesNotCount() {
        Cli.Result result = check(delete(), concat(vouched(fingerprint(delete()), "jenkins:alice"), "--author",
                "jenkins:alice"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out()).contains("jenkins:alice is the plan's author");
    }

    @Test
    void vouchedApprovalForAnotherPlanDoesNotCount() {
        String replace = RepoFiles.plan("replace.json").toString();

        Cli.Result result = check(replace, vouched(fingerprint(delete()), "jenkins:bob"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.err()).contains("not the expected " + fingerprint(delete()));
        assertThat(result.out()).contains("given for plan " + fingerprint(delete()) + ", not this plan "
                + fingerprint(replace));
    }

    @Test
    void unexpectedPlanNeedsReviewEvenWhenNothingInItNeedsSignOff() {
        Cli.Result result = check(RepoFiles.plan("create.json").toString(), "--expect-fingerprint",
                fingerprint(delete()));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out()).contains("is not the plan that was checked or approved")
                .contains("Verdict: APPROVAL REQUIRED - this plan needs review and an authorised sign-off before"
                        + " apply; see the notes (exit 3)");
    }

    @Test
    void expectedPlanWithNothingToSignOffIsAllowed() {
        String create = RepoFiles.plan("create.json").toString();

        assertThat(check(create, "--expect-fingerprint", fingerprint(create)).exitCode()).isEqualTo(ExitCodes.ALLOW);
    }

    @Test
    void unexpectedDeniedPlanStaysDenied() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"),
                "version: 1\nprotect:\n  - {address: aws_db_instance.orders, reason: never}\n");

        Cli.Result result = check(RepoFiles.plan("replace.json").toString(), concat(vouched(fingerprint(delete()),
                "jenkins:bob"), "--policy", policy.toString()));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DENIED);
    }

    @Test
    void eachVouchedApprovalIsJudgedAtTheTimeItWasGiven() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), "version: 1\napprovals:\n  max_age: 1h\n");
        String example = RepoFiles.example("agent-cleanup.json").toString();
        String recent = Instant.now().minus(Duration.ofMinutes(5)).toString();
        String stale = Instant.now().minus(Duration.ofHours(2)).toString();
        String[] base = {"--expect-fingerprint", fingerprint(example), "--vouched-by", "jenkins-input",
            "--policy", policy.toString()};

        Cli.Result oneStale = check(example, concat(base, "--vouched-approval", "jenkins:bob", "--vouched-at", recent,
                "--vouched-approval", "jenkins:carol", "--vouched-at", stale));
        Cli.Result bothRecent = check(example, concat(base, "--vouched-approval", "jenkins:bob", "--vouched-at",
                recent, "--vouched-approval", "jenkins:carol"));

        assertThat(oneStale.exitCode()).as(oneStale.all()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(oneStale.out()).contains("jenkins:carol").contains("older than the policy's max_age of 1h");
        assertThat(bothRecent.exitCode()).as(bothRecent.all()).isEqualTo(ExitCodes.ALLOW);
        assertThat(bothRecent.out()).contains("approved by jenkins:bob, jenkins:carol");
    }

    @Test
    void approverGroupsMayNameJenkinsUsers() throws Exception {
        Path policy = Files.writeString(dir.resolve("p.yml"), """
                version: 1
                approvals:
                  groups:
                    dba: ["jenkins:dana", "jenkins-group:dba"]
                  required:
                    high: {count: 1, from: [dba]}
                """);

        Cli.Result outsider = check(delete(), concat(vouched(fingerprint(delete()), "jenkins:bob"), "--policy",
                policy.toString()));
        Cli.Result member = check(delete(), concat(vouched(fingerprint(delete()), "jenkins:dana"), "--policy",
                policy.toString()));

        assertThat(outsider.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(outsider.out()).contains("high findings need 1 distinct approver from dba");
        assertThat(member.exitCode()).isEqualTo(ExitCodes.ALLOW);
    }

    @Test
    void auditLogRecordsTheVouchedApprovalBoundToThePlan() throws Exception {
        Path log = dir.resolve("audit.jsonl");

        check(delete(), concat(vouched(fingerprint(delete()), "jenkins:bob"), "--author", "jenkins:alice",
                "--audit-log", log.toString()));
        check(RepoFiles.plan("replace.json").toString(), concat(vouched(fingerprint(delete()), "jenkins:bob"),
                "--audit-log", log.toString()));

        List<String> lines = Files.readAllLines(log);
        JsonNode approved = JSON.readTree(lines.get(0));
        assertThat(approved.path("fingerprint").asText()).isEqualTo(fingerprint(delete()));
        assertThat(approved.path("verdict").asText()).isEqualTo("allow");
        assertThat(approved.path("approved").asBoolean()).isTrue();
        assertThat(approved.path("actor").asText()).isEqualTo("jenkins:alice");
        assertThat(approved.path("approvals").path("accepted").get(0).path("principal").asText())
                .isEqualTo("jenkins:bob");
        assertThat(approved.path("approvals").path("accepted").get(0).path("channel").asText())
                .isEqualTo("jenkins-input");
        JsonNode refused = JSON.readTree(lines.get(1));
        assertThat(refused.path("verdict").asText()).isEqualTo("approval_required");
        assertThat(refused.path("detail").asText()).isEqualTo("expected plan " + fingerprint(delete()));
        assertThat(cli().run("audit", "verify", log.toString()).exitCode()).isZero();
    }

    @Test
    void vouchedApprovalNeedsTheFingerprintItWasGivenFor() {
        Cli.Result result = check(delete(), "--vouched-approval", "jenkins:bob", "--vouched-by", "jenkins-input");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--expect-fingerprint");
    }

    @Test
    void vouchedApprovalNeedsAChannel() {
        Cli.Result result = check(delete(), "--expect-fingerprint", fingerprint(delete()), "--vouched-approval",
                "jenkins:bob");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--vouched-by CHANNEL");
    }

    @Test
    void onlyOnePersonMayBeVouchedFor() {
        for (String principal : List.of("bob", "jenkins-group:ops", "github-team:acme/dba", "jenkins:", "jenkins:b b")) {
            Cli.Result result = check(delete(), vouched(fingerprint(delete()), principal));

            assertThat(result.exitCode()).as(principal).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).as(principal).contains("one person as KIND:ID");
        }
    }

    @Test
    void malformedFingerprintOrTimeIsAUsageError() {
        Cli.Result fingerprint = check(delete(), "--expect-fingerprint", "sha256:abc");
        Cli.Result time = check(delete(), concat(vouched(fingerprint(delete()), "jenkins:bob"), "--vouched-at",
                "yesterday"));

        assertThat(fingerprint.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fingerprint.err()).contains("64 lower-case hex digits");
        assertThat(time.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(time.err()).contains("ISO-8601");
    }
}
