package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    @ValueSource(strings = {"text", "json"})
    void noSecretInAnyFormat(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("report");
        String plan = RepoFiles.plan("sensitive.json").toString();

        Cli.Result toStdout = cli().run("check", plan, "--format", format);
        Cli.Result toFile = cli().run("check", plan, "--format", format, "--output", file.toString());
        Cli.Result debug = cli().onTerminal().run("check", plan, "--format", format, "--debug");

        assertThat(toStdout.exitCode()).isEqualTo(3);
        assertThat(toStdout.out()).contains("aws_db_instance.orders").contains("tags.(sensitive)");
        for (String secret : SECRETS) {
            assertThat(toStdout.all()).as("stdout/stderr").doesNotContain(secret);
            assertThat(toFile.all()).as("stdout/stderr with --output").doesNotContain(secret);
            assertThat(Files.readString(file)).as("report file").doesNotContain(secret);
            assertThat(debug.all()).as("debug on a terminal").doesNotContain(secret);
        }
    }
}
