package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String plan(String name) {
        return RepoFiles.plan(name).toString();
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource({
        "create.json, 0",
        "update.json, 0",
        "no-op.json, 0",
        "read.json, 0",
        "forget.json, 0",
        "moved.json, 0",
        "incomplete.json, 0",
        "delete.json, 3",
        "replace.json, 3",
        "replace-create-before-destroy.json, 3",
        "deposed.json, 3",
        "count-shrink.json, 3",
        "unknown-action.json, 3",
        "format-0.1.json, 3",
        "utf16le-bom.json, 3",
        "utf8-bom.json, 3",
        "empty.json, 1",
        "truncated.json, 1",
        "not-json.txt, 1",
        "not-an-object.json, 1",
        "state.json, 1",
        "hcp-redacted.json, 1",
        "plan-json-events.jsonl, 1",
        "errored.json, 1",
        "format-2.json, 1",
        "actions-as-string.json, 1",
        "duplicate-key.json, 1",
    })
    void exitCodeFollowsTheVerdict(String file, int exitCode) {
        Cli.Result result = cli().run("check", plan(file));

        assertThat(result.exitCode()).as(result.all()).isEqualTo(exitCode);
    }

    @Test
    void destroyOfTheExampleDatabaseNeedsApproval() {
        Cli.Result result = cli().run("check", RepoFiles.example("agent-cleanup.json").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out())
                .contains("aws_db_instance.orders")
                .contains("the resource block was removed from the configuration")
                .contains("Verdict: APPROVAL REQUIRED");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void textReportListsDestroysBeforeOtherFindingsAndEndsWithTheVerdict() {
        Cli.Result result = cli().run("check", plan("unknown-action.json"));
        String out = cli().run("check", RepoFiles.example("agent-cleanup.json").toString()).out();

        assertThat(result.out()).contains("Other findings").contains("archive");
        assertThat(out.indexOf("Destroys and replacements")).isLessThan(out.indexOf("Plan:"));
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).startsWith("Verdict: APPROVAL REQUIRED");
    }

    @Test
    void replacementExplainsTheAttributeThatForcedIt() {
        Cli.Result result = cli().run("check", plan("replace.json"));

        assertThat(result.out()).contains("changing `engine` forces it").contains("will be destroyed and re-created");
    }

    @Test
    void jsonReportHasTheDocumentedFields() throws Exception {
        Cli.Result result = cli().run("check", plan("replace.json"), "--format", "json");

        JsonNode report = JSON.readTree(result.out());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(report.get("schema").asText()).isEqualTo("backstop/report/v1");
        assertThat(report.get("verdict").asText()).isEqualTo("approval_required");
        assertThat(report.get("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(report.get("terraform_version").asText()).isEqualTo("1.9.8");
        assertThat(report.get("format_version").asText()).isEqualTo("1.2");
        assertThat(report.get("complete").asBoolean()).isTrue();
        assertThat(report.get("summary").get("replace").asInt()).isEqualTo(1);
        JsonNode finding = report.get("findings").get(0);
        assertThat(finding.get("rule").asText()).isEqualTo("stateful-destroy");
        assertThat(finding.get("severity").asText()).isEqualTo("high");
        assertThat(finding.get("address").asText()).isEqualTo("aws_db_instance.orders");
        assertThat(finding.get("type").asText()).isEqualTo("aws_db_instance");
        assertThat(finding.get("actions").toString()).isEqualTo("[\"delete\",\"create\"]");
        assertThat(finding.get("reason").asText()).isEqualTo("replace_because_cannot_update");
        assertThat(finding.get("replace_paths").toString()).isEqualTo("[\"engine\"]");
        assertThat(finding.get("message").asText()).contains("It holds data (relational");
        assertThat(finding.get("remedy").asText()).contains("prevent_destroy");
    }

    @Test
    void incompletePlanIsNotedWithoutFailing() throws Exception {
        Cli.Result result = cli().run("check", plan("incomplete.json"), "--format", "json");

        JsonNode report = JSON.readTree(result.out());
        assertThat(result.exitCode()).isZero();
        assertThat(report.get("complete").asBoolean()).isFalse();
        assertThat(report.get("notes").get(0).asText()).contains("incomplete");
        assertThat(cli().run("check", plan("incomplete.json")).out()).contains("Note: The plan is incomplete");
    }

    @Test
    void errorWithJsonFormatIsStillAJsonReportAndOneLineOnStderr() throws Exception {
        Cli.Result result = cli().run("check", plan("truncated.json"), "--format", "json");

        JsonNode report = JSON.readTree(result.out());
        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(report.get("schema").asText()).isEqualTo("backstop/report/v1");
        assertThat(report.get("verdict").asText()).isEqualTo("error");
        assertThat(report.get("error").asText()).contains("truncated");
        assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("backstop: error: the plan JSON is truncated");
    }

    @Test
    void errorsNeverPrintAStackTraceUnlessDebugging() {
        Cli.Result quiet = cli().run("check", plan("state.json"));
        Cli.Result debug = cli().run("check", plan("state.json"), "--debug");

        assertThat(quiet.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(debug.err()).contains("\tat dev.backstop.");
        assertThat(debug.exitCode()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void outputOptionWritesTheReportToAFileAndNothingToStdout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");

        Cli.Result result = cli().run("check", plan("delete.json"), "--format", "json", "--output", file.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(JSON.readTree(file.toFile()).get("verdict").asText()).isEqualTo("approval_required");
    }

    @Test
    void outputToAMissingDirectoryIsAnError(@TempDir Path dir) {
        Cli.Result result = cli().run("check", plan("create.json"), "--output", dir.resolve("no/such/dir/r.txt").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).startsWith("backstop: error: cannot write the report");
    }

    @Test
    void readsThePlanFromStandardInput() throws Exception {
        Cli.Result result = cli().stdin(Files.readAllBytes(RepoFiles.plan("delete.json"))).run("check", "-");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).contains("aws_db_instance.orders");
    }

    @Test
    void sameFingerprintFromFileAndStandardInput() throws Exception {
        String fromFile = JSON.readTree(cli().run("check", plan("delete.json"), "--format", "json").out()).get("fingerprint").asText();
        String fromStdin = JSON.readTree(cli().stdin(Files.readAllBytes(RepoFiles.plan("utf16le-bom.json")))
                .run("check", "-", "--format", "json").out()).get("fingerprint").asText();

        assertThat(fromStdin).isEqualTo(fromFile);
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        String escape = "\u001B[";

        assertThat(cli().run("check", plan("delete.json")).out()).doesNotContain(escape);
        assertThat(cli().onTerminal().run("check", plan("delete.json")).out()).contains(escape);
        assertThat(cli().onTerminal().env("NO_COLOR", "1").run("check", plan("delete.json")).out()).doesNotContain(escape);
    }

    @Test
    void controlCharactersInAddressesAreRefusedWithoutEchoingThem() throws Exception {
        String hostile = Files.readString(RepoFiles.plan("delete.json"))
                .replace("\"address\":\"aws_db_instance.orders\"", "\"address\":\"aws_db_instance.orders[\\\"\\u001b[2Jx\\\"]\"");
        Cli.Result result = cli().stdin(hostile.getBytes(java.nio.charset.StandardCharsets.UTF_8)).run("check", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.all()).doesNotContain("\u001B");
        assertThat(result.err().lines()).singleElement().asString()
                .contains("aws_db_instance.orders[\"\\u001b[2Jx\"]").contains("unprintable character U+001B");
    }

    @Test
    void binaryPlanConversionFailureIsOneClearLine(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("plan.tfplan");
        Files.write(binary, new byte[] {'P', 'K', 3, 4, 0, 0});
        Path fake = dir.resolve("terraform");
        Files.writeString(fake, "#!/bin/sh\necho 'Error: plan file was created by Terraform 1.9.8, but this is 1.11.4' >&2\nexit 1\n");
        fake.toFile().setExecutable(true);

        Cli.Result result = cli().env("BACKSTOP_TERRAFORM", fake.toString()).run("check", binary.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).contains("failed (exit 1): Error: plan file was created by Terraform 1.9.8");
    }
}
