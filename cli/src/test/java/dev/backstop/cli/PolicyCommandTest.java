package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file end to end through the real command line: discovery, deny, show, validate. */
class PolicyCommandTest {
    static final String PROTECT_ORDERS = """
            version: 1
            protect:
              - address: aws_db_instance.orders
                reason: years of customer orders
            """;

    static Path example() {
        return RepoFiles.example("agent-cleanup.json");
    }

    @Test
    void protectListInTheProjectPolicyDeniesWithExitFour(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve(".backstop.yml"), PROTECT_ORDERS.replace("aws_db_instance.orders",
                "aws_db_instance.*"));

        Cli.Result result = cli().in(project).run("check", example().toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.DENIED);
        assertThat(result.out()).contains("DENIED").contains("years of customer orders")
                .contains("Verdict: DENY").contains("Policy: " + project.resolve(".backstop.yml"));
    }

    @Test
    void explicitPolicyWinsOverTheDiscoveredOne(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve(".backstop.yml"), PROTECT_ORDERS.replace("aws_db_instance.orders",
                "aws_db_instance.*"));
        Path lenient = Files.writeString(project.resolve("lenient.yml"), "version: 1\n");

        Cli.Result result = cli().in(project).run("check", example().toString(), "--policy", lenient.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
    }

    @Test
    void invalidPolicyStopsTheCheckWithItsPositionAndExitOne(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve(".backstop.yml"), "version: 1\nprotect:\n  - addres: x\n");

        Cli.Result result = cli().in(project).run("check", example().toString(), "--format", "json");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains(".backstop.yml:3:5: unknown key \"addres\" in a protect entry")
                .doesNotContain("\tat ");
        assertThat(result.out()).contains("\"verdict\": \"error\"");
    }

    @Test
    void workspaceComesFromTheOptionOrTfWorkspace(@TempDir Path project) throws IOException {
        Path policy = Files.writeString(project.resolve("p.yml"), """
                version: 1
                environments:
                  production:
                    production: true
                    workspaces: [prod]
                """);

        Cli.Result byOption = cli().run("check", example().toString(), "--policy", policy.toString(),
                "--workspace", "prod", "--format", "json");
        Cli.Result byEnvironment = cli().env("TF_WORKSPACE", "prod").run("check", example().toString(), "--policy",
                policy.toString(), "--format", "json");
        Cli.Result elsewhere = cli().env("TF_WORKSPACE", "dev").run("check", example().toString(), "--policy",
                policy.toString(), "--format", "json");

        assertThat(byOption.out()).contains("\"environment\": \"production\"");
        assertThat(byEnvironment.out()).isEqualTo(byOption.out());
        assertThat(elsewhere.out()).doesNotContain("\"environment\": \"production\"");
    }

    @Test
    void policyShowSaysWhereEachValueCameFrom(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve(".backstop.yml"), "version: 1\nrules:\n  mass-destroy:\n"
                + "    max_deletions: 10\n");

        Cli.Result result = cli().in(project).run("policy", "show");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("max_deletions: 10 +# .*\\.backstop\\.yml:4:20")
                .containsPattern("max_percent: 50 +# built-in policies/rules.yml")
                .containsPattern("critical: 2 +# built-in policies/default-policy.yml:\\d+:\\d+");
    }

    @Test
    void policyValidateAcceptsAGoodFileAndNamesWhatItHolds(@TempDir Path project) throws IOException {
        Path file = Files.writeString(project.resolve("ok.yml"), PROTECT_ORDERS);

        Cli.Result result = cli().run("policy", "validate", file.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("valid policy (version 1)").contains("1 protect entries");
    }

    @Test
    void policyValidateRejectsCelThatDoesNotCompileWithItsPosition(@TempDir Path project) throws IOException {
        Path file = Files.writeString(project.resolve("bad.yml"), """
                version: 1
                custom_rules:
                  - id: no-public
                    severity: high
                    message: no public buckets
                    condition: change.after.acl == public
                """);

        Cli.Result result = cli().run("policy", "validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err().strip()).isEqualTo("backstop: error: " + file
                + ":6:36: condition does not compile: undeclared reference to 'public' (in container '')");
    }

    @Test
    void policyValidateWithoutAFileNeedsOneToFind(@TempDir Path project) throws IOException {
        Files.createDirectory(project.resolve(".git"));

        Cli.Result result = cli().in(project).run("policy", "validate");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("no .backstop.yml in");
    }

    @Test
    void policyWithoutASubcommandIsAUsageError() {
        assertThat(cli().run("policy").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shippedExamplesValidate() throws IOException {
        try (var files = Files.list(RepoFiles.root().resolve("docs/examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                Cli.Result result = cli().run("policy", "validate", file.toString());
                assertThat(result.exitCode()).as(file + ": " + result.err()).isZero();
            }
        }
    }
}
