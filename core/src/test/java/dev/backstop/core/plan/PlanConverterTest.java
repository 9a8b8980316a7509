package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary plan files (zip archives) are converted by running a command; these tests stand in for terraform with
 * small scripts so every outcome (success, failure, hang, missing tool) is exercised without the real binary.
 */
class PlanConverterTest {
    @TempDir
    Path dir;

    private Path binaryPlan;

    @BeforeEach
    void writeBinaryPlan() throws IOException {
        binaryPlan = dir.resolve("plan.tfplan");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(binaryPlan))) {
            zip.putNextEntry(new ZipEntry("tfplan"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<ResourceChange> read(PlanConverter converter) {
        List<ResourceChange> changes = new ArrayList<>();
        PlanSource.file(binaryPlan).read(changes::add, converter);
        return changes;
    }

    @Test
    void binaryPlanIsConvertedByTheConfiguredCommand() throws IOException {
        Path fake = script("fake-terraform", "[ \"$1 $2 $3\" = \"show -json -no-color\" ] || exit 9\ncat '"
                + RepoFiles.plan("delete.json") + "'");

        List<ResourceChange> changes = read(PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(30)));

        assertThat(changes).extracting(ResourceChange::address).contains("aws_db_instance.orders");
    }

    @Test
    void binaryPlanOnStandardInputIsConvertedToo() throws IOException {
        Path fake = script("fake-terraform", "cat '" + RepoFiles.plan("delete.json") + "'");
        List<ResourceChange> changes = new ArrayList<>();

        PlanSource.stdin(Files.newInputStream(binaryPlan))
                .read(changes::add, PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(30)));

        assertThat(changes).isNotEmpty();
    }

    @Test
    void conversionFailureReportsTerraformsOwnErrorLine() throws IOException {
        Path fake = script("fake-terraform", "printf '\\033[31m\\342\\225\\267\\033[0m\\n\\342\\224\\202 Error: Failed to read the given file as a state or plan file\\n' >&2\nexit 1");

        assertThatThrownBy(() -> read(PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(30))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("failed (exit 1)")
                .hasMessageContaining("Error: Failed to read the given file as a state or plan file");
    }

    @Test
    void hangingConversionIsStoppedAfterTheTimeout() throws IOException {
        Path fake = script("slow-terraform", "exec sleep 60");

        long start = System.nanoTime();
        assertThatThrownBy(() -> read(PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(1))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("did not finish within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void missingToolIsNamedWithTheWaysOut() {
        assertThatThrownBy(() -> read(PlanConverter.choose(false, dir.resolve("no-such-terraform").toString(), Duration.ofSeconds(5))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("is a binary plan file")
                .hasMessageContaining(PlanConverter.COMMAND_VARIABLE);
    }

    @Test
    void tofuFlagWinsOverTheEnvironmentAndTerraformIsTheDefault() {
        assertThat(PlanConverter.choose(true, "/opt/terraform", Duration.ofSeconds(1)).command()).containsExactly("tofu");
        assertThat(PlanConverter.choose(false, "/opt/tf/terraform -chdir=x", Duration.ofSeconds(1)).command())
                .containsExactly("/opt/tf/terraform", "-chdir=x");
        assertThat(PlanConverter.choose(false, null, Duration.ofSeconds(1)).command()).containsExactly("terraform");
        assertThat(PlanConverter.choose(false, "  ", Duration.ofSeconds(1)).command()).containsExactly("terraform");
    }

    @Test
    void garbageFromTheToolIsAPlanError() throws IOException {
        Path fake = script("fake-terraform", "echo 'not json'");

        assertThatThrownBy(() -> read(PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(30))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void hangingConversionLeavesNoProcessBehind() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path fake = script("slow-terraform", "sleep 60 &\necho $! > '" + pid + "'\nwait");

        assertThatThrownBy(() -> read(PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(1))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("did not finish within 1 s and was stopped");
        assertThat(stopsRunning(Long.parseLong(Files.readString(pid).strip()))).as("the tool's child is stopped too").isTrue();
    }

    @Test
    void outputBeyondTheSizeLimitStopsTheToolWithAClearMessage() throws Exception {
        Path pid = dir.resolve("writer.pid");
        Path fake = script("endless-terraform", "printf '{\"format_version\":\"1.2\",\"planned_values\":{},\"x\":['\n"
                + "yes '0,' &\necho $! > '" + pid + "'\nwait");
        PlanConverter converter = PlanConverter.choose(false, fake.toString(), Duration.ofSeconds(60));

        assertThatThrownBy(() -> converter.read(binaryPlan, change -> { }, 1024 * 1024))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("the output of `" + fake + " show -json " + binaryPlan
                        + "` is larger than the maximum plan size of 1 MiB");
        assertThat(stopsRunning(Long.parseLong(Files.readString(pid).strip()))).as("the writer is stopped").isTrue();
    }

    /** True once the process is gone (or a zombie waiting to be reaped), polling for up to 10 s. */
    private static boolean stopsRunning(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            boolean running = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
            if (!running) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone
        }
    }
}
