package dev.backstop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/backstop with the start-up archive the build makes, and without it: missing, damaged, or made for another
 * jar. The launcher must work the same in every case, with nothing on standard output but the report and nothing
 * on standard error. (This module is built after cli/, so the packaged jar and archive exist here; run alone
 * without them, the test is skipped.)
 */
class LauncherTest {
    private static Path root;
    private static Path jar;
    private static Path plan;

    @BeforeAll
    static void findTheBuild() {
        root = Path.of(System.getProperty("backstop.repo.root", "..")).toAbsolutePath().normalize();
        jar = root.resolve("cli/target/backstop.jar");
        plan = root.resolve("testdata/examples/agent-cleanup.json");
        assumeTrue(Files.isRegularFile(jar), "skipped: " + jar + " is not built (run the whole reactor: mvn -B verify)");
    }

    @Test
    void theBuildMadeAnArchiveAndTheLauncherUsesIt() throws Exception {
        Path archive = root.resolve("cli/target/backstop.jsa");
        assumeTrue(Files.isRegularFile(archive), "skipped: the build made no CDS archive on this JVM");

        Result result = run(root.resolve("bin/backstop"), "-Xlog:class+load=info", "check", plan.toString());

        assertThat(result.code()).isEqualTo(3);
        assertThat(result.out()).contains("source: shared objects file (top)");
    }

    @Test
    void theLauncherWorksWithoutADamagedOrAForeignArchive(@TempDir Path dir) throws Exception {
        Result reference = run(root.resolve("bin/backstop"), null, "check", plan.toString());
        assertThat(reference.code()).isEqualTo(3);
        assertThat(reference.out()).startsWith("Backstop plan check");

        Path launcher = layout(dir);
        Path archive = dir.resolve("cli/target/backstop.jsa");

        Result missing = run(launcher, null, "check", plan.toString());
        Files.write(archive, "not an archive".getBytes(StandardCharsets.US_ASCII));
        Result damaged = run(launcher, null, "check", plan.toString());
        Files.delete(archive);
        Path built = root.resolve("cli/target/backstop.jsa");
        if (Files.isRegularFile(built)) {
            // Made for the jar at another path: the JVM refuses it.
            Files.copy(built, archive);
        }
        Result foreign = run(launcher, null, "check", plan.toString());

        for (Result result : List.of(missing, damaged, foreign)) {
            assertThat(result.code()).isEqualTo(3);
            assertThat(result.out()).isEqualTo(reference.out());
            assertThat(result.err()).isEmpty();
        }
    }

    @Test
    void theLauncherRunsTheSerialCollectorUnlessJavaOptsPicksAnother() throws Exception {
        Result chosen = run(root.resolve("bin/backstop"), "-Xlog:gc=info", "check", plan.toString());
        Result g1 = run(root.resolve("bin/backstop"), "-XX:+UseG1GC -Xlog:gc=info", "check", plan.toString());

        assertThat(chosen.code()).isEqualTo(3);
        assertThat(chosen.out()).contains("Using Serial");
        // Two collectors on one command line would be a JVM error; the launcher leaves the choice to JAVA_OPTS.
        assertThat(g1.code()).isEqualTo(3);
        assertThat(g1.out()).contains("Using G1").doesNotContain("Using Serial");
        assertThat(g1.err()).isEmpty();
    }

    /** A copy of the launcher beside a copy of the jar, as a checkout elsewhere would have them. */
    private static Path layout(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("cli/target"));
        Path launcher = dir.resolve("bin/backstop");
        Files.copy(root.resolve("bin/backstop"), launcher);
        Files.copy(jar, dir.resolve("cli/target/backstop.jar"));
        return launcher;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Path launcher, String javaOpts, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_OPTS");
        if (javaOpts != null) {
            builder.environment().put("JAVA_OPTS", javaOpts);
        }
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
