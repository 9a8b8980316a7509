package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepeatedInput;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile plans end to end (issue 10): each ends with exit 1, one line on standard error, no stack trace, and
 * nothing that reads as "allow". The core tests (HostilePlanTest) cover every kind; these show the command line.
 */
class HostilePlanCliTest {
    private static final String HEAD = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},";

    private static void assertCleanError(Cli.Result result, String message) {
        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(result.err().lines()).singleElement().asString().startsWith("backstop: error: ").contains(message);
        assertThat(result.all()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.out()).doesNotContainIgnoringCase("allow");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a delete without its object | \"actions\":[\"delete\"],\"before\":null | \"before\" is null",
        "a no-op that hides a change | \"actions\":[\"no-op\"],\"before\":{\"deletion_protection\":true},\"after\":{\"deletion_protection\":false} | a no-op changes nothing",
        "Infinity                    | \"actions\":[\"update\"],\"before\":{\"n\":1},\"after\":{\"n\":Infinity} | not valid JSON",
    })
    void lyingAndMalformedPlans(String name, String change, String message) {
        String plan = HEAD + "\"resource_changes\":[{\"address\":\"aws_db_instance.orders\",\"mode\":\"managed\","
                + "\"type\":\"aws_db_instance\",\"name\":\"orders\",\"change\":{" + change + "}}]}";

        assertCleanError(cli().stdin(plan.getBytes(StandardCharsets.UTF_8)).run("check", "-"), message);
    }

    @Test
    void aNumberWithAMillionDigits() {
        InputStream plan = RepeatedInput.of(HEAD + "\"prior_state\":{\"n\":", "9", 1_000_000, "}}");

        assertCleanError(cli().stdin(plan).run("check", "-"), "the plan exceeds a reading limit: Number value length");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] plan = Files.readAllBytes(RepoFiles.plan("delete.json"));
        int at = new String(plan, StandardCharsets.ISO_8859_1).indexOf("orders");
        plan[at] = (byte) 0xC0;
        plan[at + 1] = (byte) 0xAF;

        assertCleanError(cli().stdin(plan).run("check", "-"), "the plan is not valid UTF-8: byte 0xC0");
    }

    @Test
    void binaryInput() {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0};

        assertCleanError(cli().stdin(elf).run("check", "-", "--format", "json"), "not valid JSON");
    }

    @Test
    void anEndlessStreamStopsAtTheLimitGivenOnTheCommandLine() {
        RepeatedInput endless = RepeatedInput.of(HEAD + "\"prior_state\":[", "0,", RepeatedInput.ENDLESS, "");

        assertCleanError(cli().stdin(endless).run("check", "-", "--max-plan-size", "1MiB"),
                "standard input is larger than the maximum plan size of 1 MiB (1048576 bytes); if it really is a plan,"
                        + " raise the limit with --max-plan-size or BACKSTOP_MAX_PLAN_SIZE");
    }

    @Test
    void theLimitCanComeFromTheEnvironmentAndTheOptionWins() throws IOException {
        byte[] plan = Files.readAllBytes(RepoFiles.plan("delete.json"));

        assertCleanError(cli().env("BACKSTOP_MAX_PLAN_SIZE", "1k").stdin(plan).run("check", "-"),
                "larger than the maximum plan size of 1 KiB");
        assertThat(cli().env("BACKSTOP_MAX_PLAN_SIZE", "1k").stdin(plan).run("check", "-", "--max-plan-size", "1M")
                .exitCode()).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertCleanError(cli().env("BACKSTOP_MAX_PLAN_SIZE", "lots").stdin(plan).run("check", "-"),
                "BACKSTOP_MAX_PLAN_SIZE: not a size: 'lots'");
    }

    @Test
    void aBadSizeOnTheCommandLineIsAUsageError() {
        Cli.Result result = cli().run("check", "-", "--max-plan-size", "2.5G");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("not a size: '2.5G'");
    }

    /**
     * A 200 MB string where Backstop skips (prior_state) is streamed past in a 64 MB heap; inside a change it is
     * held while the change is judged (up to 256 Mi characters, docs/security.md), so a heap too small for it ends
     * in a clear out-of-memory error: exit 1, one line, never allow.
     */
    @Test
    void twoHundredMegabyteStringsInASmallHeap() throws Exception {
        String tail = "\"resource_changes\":[{\"address\":\"aws_db_instance.orders\",\"type\":\"aws_db_instance\","
                + "\"name\":\"orders\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"id\":\"x\"},\"after\":null}}]}";
        String chunk = "A".repeat(64 * 1024);
        long chunks = 200L * 16;

        Run skipped = runInSmallHeap(RepeatedInput.of(HEAD + "\"prior_state\":{\"user_data\":\"", chunk, chunks,
                "\"}," + tail));
        Run held = runInSmallHeap(RepeatedInput.of(HEAD + "\"resource_changes\":[{\"address\":\"aws_s3_bucket.b\","
                + "\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"change\":{\"actions\":[\"update\"],\"before\":{\"policy\":\"\"},"
                + "\"after\":{\"policy\":\"", chunk, chunks, "\"}}}]}"));

        assertThat(skipped.exitCode).as(skipped.err).isEqualTo(ExitCodes.APPROVAL_REQUIRED);
        assertThat(held.exitCode).as(held.err).isEqualTo(ExitCodes.ERROR);
        assertThat(held.err.lines()).singleElement().asString()
                .isEqualTo("backstop: error: out of memory; give Java more with JAVA_OPTS=-Xmx2g");
        assertThat(held.out).doesNotContainIgnoringCase("allow");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run runInSmallHeap(InputStream plan) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Backstop.class.getName(), "check", "-"));
        Process process = new ProcessBuilder(command).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                plan.transferTo(in);
            } catch (IOException e) {
                // the check stopped reading (it refused the plan): nothing more to send
            }
        });
        feeder.start();
        byte[] err = process.getErrorStream().readAllBytes();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        feeder.join();
        return new Run(process.exitValue(), out, new String(err, StandardCharsets.UTF_8));
    }
}
