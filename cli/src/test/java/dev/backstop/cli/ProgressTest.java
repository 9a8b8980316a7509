package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.GeneratedPlan;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on large plans appears on a terminal's standard error only: never in pipes, CI logs or reports. */
class ProgressTest {
    @TempDir
    static Path dir;
    private static Path large;

    @BeforeAll
    static void writeALargePlan() throws Exception {
        large = dir.resolve("large.json");
        try (InputStream in = new GeneratedPlan(25_000); OutputStream out = Files.newOutputStream(large)) {
            in.transferTo(out);
        }
        assertThat(Files.size(large)).isGreaterThan(ProgressLine.MIN_SIZE);
    }

    @Test
    void aLargePlanShowsProgressOnATerminalAndClearsIt() {
        Cli.Result result = cli().onTerminal().run("check", large.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("\rbackstop: reading " + large + "  0 / ")
                .contains(" MB  ")
                .endsWith("\r");
        String[] updates = result.err().split("\r");
        assertThat(updates[updates.length - 1]).isBlank();
        assertThat(result.out()).doesNotContain("backstop: reading").startsWith("Backstop plan check");
    }

    @Test
    void noProgressWithoutATerminalInCiOrForASmallPlan() {
        assertThat(cli().run("check", large.toString()).err()).isEmpty();
        assertThat(cli().onTerminal().env("CI", "true").run("check", large.toString()).err()).isEmpty();
        Cli.Result small = cli().onTerminal().run("check", RepoFiles.example("agent-cleanup.json").toString());
        assertThat(small.exitCode()).isEqualTo(3);
        assertThat(small.err()).isEmpty();
    }

    @Test
    void progressIsThrottledAndCountsUpToTheWholeFile() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), "plan.json", now::get);

        line.read(1_000_000, 50_000_000);
        line.read(2_000_000, 50_000_000); // too soon: not shown
        now.addAndGet(300_000_000);
        line.read(50_000_000, 50_000_000);
        line.done();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\rbackstop: reading plan.json  1 / 50 MB  2%"
                + "\rbackstop: reading plan.json  50 / 50 MB  100%"
                + "\r" + " ".repeat("backstop: reading plan.json  50 / 50 MB  100%".length()) + "\r");
    }
}
