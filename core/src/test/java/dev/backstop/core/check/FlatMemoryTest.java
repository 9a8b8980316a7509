package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.CheckGeneratedPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory must not grow with the number of unchanged resources: a JVM limited to a 48 MB heap checks a generated
 * plan of 150,000 unchanged resources (about 170 MB of JSON, resource_changes and prior_state) streamed from a
 * generator. A reader that kept entries or built a tree of the file would run out of memory. (Speed belongs in the
 * benchmark, not here: the time limit below only stops a hung process.)
 */
class FlatMemoryTest {

    @Test
    void checkingAHugePlanOfUnchangedResourcesFitsInASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CheckGeneratedPlan.class.getName(), "150000").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("150000 1 approval_required");
    }
}
