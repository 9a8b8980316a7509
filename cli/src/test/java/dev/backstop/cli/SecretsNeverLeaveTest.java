package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.report.JsonReport;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.github.EmbeddedReport;
import dev.backstop.github.testing.FakeGithub;
import dev.backstop.github.testing.GithubHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * testdata/plans/sensitive.json holds secrets in attributes marked sensitive (before and after), a sensitive map
 * whose key appears in replace_paths, variables, outputs, prior state and configuration. None may appear in any
 * output, whatever the format or destination.
 */
class SecretsNeverLeaveTest {
    private static final List<String> SECRETS = List.of(
            "hunter2", "SECRET", "s3cr3t", "VARIABLE-SECRET-VALUE", "OUTPUT-SECRET", "PRIOR-STATE-SECRET", "CONFIG-SECRET-VALUE");

    @ParameterizedTest(name = "--format {0}")
    @ValueSource(strings = {"text", "json", "markdown", "sarif", "junit", "native", "github"})
    void noSecretInAnyFormat(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("report");
        String plan = RepoFiles.plan("sensitive.json").toString();

        Cli.Result toStdout = cli().run("check", plan, "--format", format);
        Cli.Result toFile = cli().run("check", plan, "--format", format, "--output", file.toString());
        Cli.Result debug = cli().onTerminal().run("check", plan, "--format", format, "--debug");

        assertThat(toStdout.exitCode()).isEqualTo(3);
        // markdown escapes punctuation (aws\_db\_instance\.orders), so the check is on words every format keeps
        assertThat(toStdout.out()).contains("orders").contains("sensitive");
        for (String secret : SECRETS) {
            assertThat(toStdout.all()).as("stdout/stderr").doesNotContain(secret);
            assertThat(toFile.all()).as("stdout/stderr with --output").doesNotContain(secret);
            assertThat(Files.readString(file)).as("report file").doesNotContain(secret);
            assertThat(debug.all()).as("debug on a terminal").doesNotContain(secret);
        }
    }

    /**
     * testdata/plans/sensitive-everywhere.json holds a secret, each starting {@code SECRET-}, in every place a
     * plan can: sensitive attributes before and after, nested blocks three levels deep, list elements, a
     * sensitive map's key and value (the key also in replace_paths), a resource in a module, a protection
     * attribute marked sensitive, variables, outputs (planned, changed, nested), prior state and configuration.
     * The plan is checked with every format at once, on standard output and as a --report file each, with the
     * configuration directory given; no output may hold any of them.
     */
    @ParameterizedTest(name = "--format {0} with every --report")
    @ValueSource(strings = {"text", "json", "markdown", "sarif", "junit", "native", "github"})
    void noSecretInAnyReportFile(String format, @TempDir Path dir) throws Exception {
        Path plan = RepoFiles.plan("sensitive-everywhere.json");
        List<String> secrets = secretsIn(plan);
        List<String> args = new ArrayList<>(List.of("check", plan.toString(), "--format", format,
                "--config-dir", RepoFiles.root().resolve("testdata/reports/config").toString(), "--debug"));
        List<Path> files = new ArrayList<>();
        for (ReportFormat report : ReportFormat.values()) {
            Path file = dir.resolve("report." + report.label());
            files.add(file);
            args.add("--report");
            args.add(report.label() + "=" + file);
        }

        Cli.Result result = cli().onTerminal().run(args.toArray(String[]::new));

        assertThat(secrets).hasSizeGreaterThanOrEqualTo(18);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).contains("orders");
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.getFileName().toString()).contains("orders");
        }
        for (String secret : secrets) {
            assertThat(result.out()).as("stdout").doesNotContain(secret);
            assertThat(result.err()).as("stderr").doesNotContain(secret);
            for (Path file : files) {
                assertThat(Files.readString(file)).as(file.getFileName().toString()).doesNotContain(secret);
            }
        }
    }

    /** Every secret the plan holds, read from the plan itself so the list cannot fall behind it. */
    /**
     * The same plan through {@code github check}: nothing sent to GitHub (the check run's summary, text and
     * annotations, and the report kept in the text, decoded), nor the step's outputs, summary or log holds a secret.
     */
    @Test
    void noSecretReachesGithubOrTheStep(@TempDir Path dir) throws Exception {
        Path plan = RepoFiles.plan("sensitive-everywhere.json");
        List<String> secrets = secretsIn(plan);
        Path outputs = dir.resolve("outputs");
        Path summary = dir.resolve("summary.md");
        Path event = Files.writeString(dir.resolve("event.json"),
                GithubHarness.pullRequestEvent(7, GithubHarness.HEAD));
        try (FakeGithub github = FakeGithub.start()) {
            github.pull(7, GithubHarness.HEAD, "author");
            Cli cli = cli();
            GithubHarness.env(github, "pull_request", event, outputs, summary)
                    .forEach(cli::env);

            Cli.Result result = cli.run("github", "check", "--plan", plan.toString(), "--config-dir",
                    RepoFiles.root().resolve("testdata/reports/config").toString(), "--debug");

            assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
            StringBuilder sent = new StringBuilder();
            github.requests().forEach(request -> sent.append(request.body()).append('\n'));
            String text = github.latestCheckRun().path("output").path("text").asText();
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            JsonReport.write(EmbeddedReport.decode(text).orElseThrow(), kept);
            assertThat(sent.toString()).contains("orders").contains("\"annotations\"");
            assertThat(kept.toString(StandardCharsets.UTF_8)).contains("orders");
            for (String secret : secrets) {
                assertThat(sent.toString()).as("requests to GitHub").doesNotContain(secret);
                assertThat(kept.toString(StandardCharsets.UTF_8)).as("kept report").doesNotContain(secret);
                assertThat(result.all()).as("log").doesNotContain(secret);
                assertThat(Files.readString(outputs)).as("outputs").doesNotContain(secret);
                assertThat(Files.readString(summary)).as("step summary").doesNotContain(secret);
            }
        }
    }

    private static List<String> secretsIn(Path plan) throws Exception {
        Matcher matcher = Pattern.compile("SECRET-[A-Z0-9-]+").matcher(Files.readString(plan));
        List<String> secrets = new ArrayList<>();
        while (matcher.find()) {
            if (!secrets.contains(matcher.group())) {
                secrets.add(matcher.group());
            }
        }
        return secrets;
    }
}
