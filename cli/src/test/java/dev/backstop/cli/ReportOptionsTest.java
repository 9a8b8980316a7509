package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --report, --config-dir and the new --format values; what each format holds is tested in core. */
class ReportOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAN = "testdata/reports/plan.json";
    private static final String CONFIG = "testdata/reports/config";

    private static List<String> everyReport(Path dir, String... first) {
        List<String> args = new ArrayList<>(List.of(first));
        for (ReportFormat format : ReportFormat.values()) {
            args.add("--report");
            args.add(format.label() + "=" + dir.resolve("report." + format.label()));
        }
        return args;
    }

    @Test
    void everyFormatIsWrittenInTheSameRunAsTheTextOnStandardOutput(@TempDir Path dir) throws Exception {
        List<String> args = everyReport(dir, "check", RepoFiles.root().resolve(PLAN).toString(), "--config-dir", CONFIG);

        Cli.Result result = cli().in(RepoFiles.root()).run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(result.out()).contains("Verdict: APPROVAL REQUIRED");
        assertThat(result.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("report.text"))).contains("Verdict: APPROVAL REQUIRED").doesNotContain("\u001b");
        assertThat(JSON.readTree(dir.resolve("report.json").toFile()).get("verdict").asText()).isEqualTo("approval_required");
        assertThat(Files.readString(dir.resolve("report.markdown"))).contains("## 🛑 Backstop: APPROVAL REQUIRED");
        JsonNode sarif = JSON.readTree(dir.resolve("report.sarif").toFile());
        assertThat(sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo(CONFIG + "/main.tf");
        assertThat(sarif.at("/runs/0/tool/driver/version").asText()).doesNotContain("unknown").isNotBlank();
        assertThat(DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
                .parse(dir.resolve("report.junit").toFile()).getDocumentElement().getAttribute("failures")).isEqualTo("6");
        assertThat(JSON.readTree(dir.resolve("report.native").toFile()).get("issues").get(0).get("fileName").asText())
                .isEqualTo(CONFIG + "/main.tf");
        assertThat(Files.readString(dir.resolve("report.github"))).startsWith("::stop-commands::backstop-");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("temporary files").isEmpty();
        }
    }

    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"markdown", "sarif", "junit", "native", "github"})
    void everyFormatCanAlsoGoToStandardOutputOrOutput(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("out");

        Cli.Result stdout = cli().run("check", RepoFiles.plan("replace.json").toString(), "--format", format);
        Cli.Result toFile = cli().run("check", RepoFiles.plan("replace.json").toString(), "--format", format, "-o", file.toString());

        assertThat(stdout.exitCode()).isEqualTo(3);
        assertThat(stdout.out()).contains("orders");
        assertThat(toFile.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(stdout.out().replaceAll("backstop-[0-9a-f]{32}",
                Files.readString(file).replaceAll("(?s)^::stop-commands::(backstop-[0-9a-f]{32}).*", "$1")));
    }

    @Test
    void whenThePlanCannotBeReadEveryReportFileStillGetsTheError(@TempDir Path dir) throws Exception {
        List<String> args = everyReport(dir, "check", RepoFiles.plan("truncated.json").toString(), "--format", "sarif");

        Cli.Result result = cli().run(args.toArray(String[]::new));

        String error = "the plan JSON is truncated";
        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err().lines()).hasSize(1).allMatch(line -> line.startsWith("backstop: error: " + error));
        assertThat(JSON.readTree(result.out()).at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(Files.readString(dir.resolve("report." + format.label()))).as(format.label()).contains(error);
        }
        assertThat(JSON.readTree(dir.resolve("report.json").toFile()).get("verdict").asText()).isEqualTo("error");
        assertThat(Files.readString(dir.resolve("report.junit"))).contains("plan could not be checked");
    }

    @Test
    void aMissingConfigurationDirectoryIsAnErrorThatReportsAlsoCarry(@TempDir Path dir) throws Exception {
        Path junit = dir.resolve("TEST-backstop.xml");

        Cli.Result result = cli().run("check", RepoFiles.plan("create.json").toString(), "--config-dir",
                dir.resolve("nope").toString(), "--report", "junit=" + junit);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("does not exist");
        assertThat(Files.readString(junit)).contains("plan could not be checked").contains("does not exist");
    }

    @Test
    void aReportThatCannotBeWrittenFailsTheRun(@TempDir Path dir) {
        Cli.Result result = cli().run("check", RepoFiles.plan("create.json").toString(),
                "--report", "sarif=" + dir.resolve("missing-dir/backstop.sarif"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err()).contains("cannot write the report");
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest(name = "--report {0}")
    @ValueSource(strings = {"yaml=out.yml", "sarif", "sarif=", "=out.sarif", "SARIF=out.sarif"})
    void unknownFormatsAndMalformedValuesAreUsageErrors(String value) {
        Cli.Result result = cli().run("check", RepoFiles.plan("create.json").toString(), "--report", value);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--report").contains("Try 'backstop check --help'");
    }

    @Test
    void twoReportsToOneFileAreAUsageError(@TempDir Path dir) {
        String file = dir.resolve("r").toString();

        Cli.Result twice = cli().run("check", RepoFiles.plan("create.json").toString(), "--report", "sarif=" + file,
                "--report", "junit=" + file);
        Cli.Result withOutput = cli().run("check", RepoFiles.plan("create.json").toString(), "-o", file,
                "--report", "json=" + file);

        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(withOutput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("two reports would be written to");
        assertThat(Files.exists(dir.resolve("r"))).isFalse();
    }

    @Test
    void helpListsTheFormatsAndTheNewOptions() {
        Cli.Result help = cli().run("check", "--help");

        assertThat(help.out()).contains("--report").contains("--config-dir").contains("docs/reports.md")
                .contains("markdown").contains("sarif").contains("junit").contains("native").contains("github");
    }
}
