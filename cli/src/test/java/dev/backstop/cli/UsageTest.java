package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void everyCommandIsFoundByTheNameItsAnnotationGives() {
        for (String name : Backstop.COMMANDS) {
            Class<?> type = Backstop.commandClass(name);

            assertThat(type).as(name).isNotNull();
            assertThat(type.getAnnotation(picocli.CommandLine.Command.class).name()).isEqualTo(name);
        }
        assertThat(Backstop.commandClass("frobnicate")).isNull();
    }

    @Test
    void theOverviewListsEveryCommand() {
        Cli.Result result = cli().run("--help");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.ALLOW);
        for (String name : Backstop.COMMANDS) {
            assertThat(result.out()).containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = cli().run();

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Usage: backstop").contains("a command is required");
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        Cli.Result result = cli().run("check", "--frobnicate", RepoFiles.plan("create.json").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'").contains("Try 'backstop check --help'");
    }

    @Test
    void missingPlanIsAUsageError() {
        assertThat(cli().run("check").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Result result = cli().run("check", RepoFiles.plan("create.json").toString(), "--format", "yaml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--format");
    }

    @Test
    void helpTeachesTheExitCodesAndHowToMakeAPlan() {
        Cli.Result top = cli().run("--help");
        Cli.Result check = cli().run("check", "--help");

        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("3  approval required").contains("terraform show -json");
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("--format").contains("--output").contains("--tofu").contains("Exit codes")
                .contains("BACKSTOP_TERRAFORM").contains("NO_COLOR");
    }

    @Test
    void versionComesFromTheBuild() {
        Cli.Result result = cli().run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("backstop ").doesNotContain("${project.version}").doesNotContain("unknown");
    }
}
