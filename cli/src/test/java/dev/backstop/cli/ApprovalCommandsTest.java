package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.testing.SshKeygen;
import dev.backstop.core.testing.Terraform;
import dev.backstop.core.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fingerprint, approve, check --approvals, audit verify and apply, end to end with real ssh-keygen and terraform. */
class ApprovalCommandsTest {
    @TempDir
    Path dir;
    SshKeygen keygen;
    Path alice;
    Path bob;
    Path signers;

    @BeforeEach
    void keys() throws IOException {
        SshKeygen.assumeAvailable();
        keygen = SshKeygen.inTemp(dir);
        alice = keygen.newKey("ed25519", 0, "alice");
        bob = keygen.newKey("ecdsa", 256, "bob");
        signers = Files.writeString(dir.resolve("allowed_signers"),
                "alice@example.com " + keygen.publicKeyLine(alice) + "\n"
                        + "bob@example.com namespaces=\"backstop,git\" " + keygen.publicKeyLine(bob) + "\n");
    }

    static String example() {
        return RepoFiles.example("agent-cleanup.json").toString();
    }

    Cli.Result approve(String plan, Path key, String principal, String out) {
        return cli().run("approve", plan, "--key", key.toString(), "--principal", principal, "--reason",
                "backups verified", "--out", dir.resolve(out).toString());
    }

    @Test
    void fingerprintCommandPrintsThePlanFingerprint() {
        Cli.Result result = cli().run("fingerprint", example());
        Cli.Result json = cli().run("check", example(), "--format", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).matches("sha256:[0-9a-f]{64}");
        assertThat(json.out()).contains("\"fingerprint\": \"" + result.out().strip() + "\"");
    }

    @Test
    void twoApprovalsFromDistinctPeopleAllowTheCriticalPlan() {
        assertThat(approve(example(), alice, "alice@example.com", "alice.json").exitCode()).isZero();
        assertThat(approve(example(), bob, "bob@example.com", "bob.json").exitCode()).isZero();

        Cli.Result one = cli().run("check", example(), "--approvals", dir.resolve("alice.json").toString(),
                "--allowed-signers", signers.toString());
        Cli.Result both = cli().run("check", example(), "--approvals", dir.toString(), "--allowed-signers",
                signers.toString());

        assertThat(one.exitCode()).as(one.all()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(one.out()).contains("MISSING critical findings need 2 distinct approvers; 1 so far: alice@example.com");
        assertThat(both.exitCode()).as(both.all()).isEqualTo(ExitCodes.ALLOW);
        assertThat(both.out()).contains("Verdict: ALLOW - approved by alice@example.com, bob@example.com");
    }

    @Test
    void markdownReportListsWhoApprovedAndWhatIsMissing() throws IOException {
        approve(example(), alice, "alice@example.com", "alice.json");
        Path markdown = dir.resolve("summary.md");

        cli().run("check", example(), "--approvals", dir.resolve("alice.json").toString(), "--allowed-signers",
                signers.toString(), "--report", "markdown=" + markdown);

        assertThat(Files.readString(markdown)).contains("### Approvals")
                .contains("accepted: **alice@")
                .contains("missing: critical findings need 2 distinct approvers");
    }

    @Test
    void approvalDoesNotCarryOverToAnotherPlan() throws IOException {
        approve(RepoFiles.plan("delete.json").toString(), alice, "alice@example.com", "alice.json");
        approve(RepoFiles.plan("delete.json").toString(), bob, "bob@example.com", "bob.json");

        Cli.Result result = cli().run("check", example(), "--approvals", dir.toString(), "--allowed-signers",
                signers.toString(), "--format", "json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out()).contains("approves another plan");
    }

    @Test
    void authorIsNotCountedAsApprover() {
        approve(RepoFiles.plan("delete.json").toString(), alice, "alice@example.com", "alice.json");

        Cli.Result result = cli().run("check", RepoFiles.plan("delete.json").toString(), "--approvals",
                dir.resolve("alice.json").toString(), "--allowed-signers", signers.toString(), "--author",
                "alice@example.com");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out()).contains("rejected:").contains("plan's author");
    }

    @Test
    void deniedPlanCannotBeApproved() throws IOException {
        Path policy = Files.writeString(dir.resolve("p.yml"),
                "version: 1\nprotect:\n  - {type: aws_db_instance, reason: never}\n");

        Cli.Result result = cli().run("approve", example(), "--key", alice.toString(), "--principal",
                "alice@example.com", "--out", dir.resolve("a.json").toString(), "--policy", policy.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(dir.resolve("a.json")).doesNotExist();
    }

    @Test
    void approvalsWithoutAllowedSignersIsAUsageError() {
        Cli.Result result = cli().run("check", example(), "--approvals", dir.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--approvals needs --allowed-signers");
    }

    @Test
    void documentedStockOpensshCommandVerifiesAnApproval() throws Exception {
        approve(example(), alice, "alice@example.com", "alice.json");
        String doc = Files.readString(RepoFiles.root().resolve("docs/approvals.md"), StandardCharsets.UTF_8);
        String block = doc.substring(doc.indexOf("jq -r .payload approvals/alice.json"));
        String commands = String.join("\n", block.substring(0, block.indexOf("```")).lines()
                .filter(line -> !line.startsWith("jq . ")).toList());
        Files.createDirectories(dir.resolve("approvals"));
        Files.copy(dir.resolve("alice.json"), dir.resolve("approvals/alice.json"));
        Files.copy(signers, dir.resolve("allowed_signers"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("jq", "--version").start().waitFor() == 0,
                "skipped: jq is not installed");

        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", commands).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Good \"backstop\" signature for alice@example.com");
    }

    @Test
    void auditLogRecordsEachDecisionAndVerifyFindsAnEdit() throws IOException {
        Path log = dir.resolve("audit.jsonl");
        cli().run("check", example(), "--audit-log", log.toString());
        approve(example(), alice, "alice@example.com", "alice.json");
        cli().run("check", example(), "--audit-log", log.toString(), "--approvals", dir.resolve("alice.json")
                .toString(), "--allowed-signers", signers.toString());
        cli().run("check", RepoFiles.plan("truncated.json").toString(), "--audit-log", log.toString());

        Cli.Result intact = cli().run("audit", "verify", log.toString());
        List<String> lines = Files.readAllLines(log);
        Files.write(log, List.of(lines.get(0).replace("approval_required", "allow"), lines.get(1), lines.get(2)));
        Cli.Result edited = cli().run("audit", "verify", log.toString());

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("\"principal\":\"alice@example.com\"").contains("\"rejected\":[]");
        assertThat(lines.get(2)).contains("\"verdict\":\"error\"");
        assertThat(intact.exitCode()).isZero();
        assertThat(intact.out()).contains("3 entries, chain intact; head sha256:");
        assertThat(edited.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(edited.out()).contains("line 2: prev does not match");
    }

    // ---- backstop apply with the real terraform ----------------------------------------------------------------

    static final String RAISE_DESTROY = "version: 1\nrules:\n  destroy: {severity: high}\n";

    Terraform stackWithOneResource() throws IOException {
        Terraform terraform = Terraform.in(dir.resolve("stack"))
                .config("resource \"terraform_data\" \"db\" {\n  input = \"orders\"\n}\n").init();
        terraform.apply();
        return terraform.config("");
    }

    @Test
    void applyWithoutApprovalOrTerminalAppliesNothing() throws IOException {
        Files.createDirectories(dir.resolve("stack"));
        Terraform terraform = stackWithOneResource();
        Path policy = Files.writeString(dir.resolve("p.yml"), RAISE_DESTROY);

        Cli.Result result = cli().run("apply", "--chdir", terraform.dir().toString(), "--policy", policy.toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.err()).contains("local confirmation is not possible (there is no terminal");
        assertThat(terraform.run("state", "list")).contains("terraform_data.db");
    }

    @Test
    void applyWithASignedApprovalAppliesThatPlan() throws IOException {
        Files.createDirectories(dir.resolve("stack"));
        Terraform terraform = stackWithOneResource();
        Path policy = Files.writeString(dir.resolve("p.yml"), RAISE_DESTROY);
        Path planned = terraform.showJson(terraform.plan("review.tfplan"));
        assertThat(cli().run("approve", planned.toString(), "--key", alice.toString(), "--principal",
                "alice@example.com", "--out", dir.resolve("alice.json").toString(), "--policy", policy.toString())
                .exitCode()).isZero();

        Cli.Result result = cli().run("apply", "--chdir", terraform.dir().toString(), "--policy", policy.toString(),
                "--approvals", dir.resolve("alice.json").toString(), "--allowed-signers", signers.toString());

        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(result.out()).contains("approved by alice@example.com");
        assertThat(terraform.run("state", "list")).doesNotContain("terraform_data.db");
    }

    @Test
    void applyConfirmedAtATerminalAppliesAndPipedYesInCiDoesNot() throws IOException {
        Files.createDirectories(dir.resolve("stack"));
        Terraform terraform = stackWithOneResource();
        Path policy = Files.writeString(dir.resolve("p.yml"), RAISE_DESTROY);
        Path log = dir.resolve("audit.jsonl");

        Cli.Result inCi = cli().onTerminal().env("CI", "true").stdin("yes\n".getBytes(StandardCharsets.UTF_8))
                .run("apply", "--chdir", terraform.dir().toString(), "--policy", policy.toString());
        Cli.Result wrongAnswer = cli().onTerminal().stdin("y\n".getBytes(StandardCharsets.UTF_8))
                .run("apply", "--chdir", terraform.dir().toString(), "--policy", policy.toString());
        assertThat(terraform.run("state", "list")).contains("terraform_data.db");
        Cli.Result confirmed = cli().onTerminal().env("USER", "dana").stdin("yes\n".getBytes(StandardCharsets.UTF_8))
                .run("apply", "--chdir", terraform.dir().toString(), "--policy", policy.toString(), "--audit-log",
                        log.toString());

        assertThat(inCi.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(inCi.err()).contains("CI is set");
        assertThat(wrongAnswer.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
        assertThat(terraform.run("state", "list")).doesNotContain("terraform_data.db");
        assertThat(Files.readString(log)).contains("\"event\":\"confirm\"").contains("dana confirmed at a terminal")
                .contains("\"event\":\"apply\"");
    }
}
