package dev.backstop.core.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backstop.core.plan.PlanException;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/fingerprint.md honest: its Python reference implementation, extracted from the document itself, must
 * agree with the Java implementation on every test plan and every plan of the shared corpus.
 */
class ReferenceImplementationTest {

    @Test
    void documentedReferenceImplementationAgreesWithJavaOnEveryPlan(@TempDir Path dir) throws Exception {
        assumeTrue(pythonAvailable(), "skipped: python3 is not on PATH");
        Path script = dir.resolve("fingerprint.py");
        Files.writeString(script, referenceImplementation());

        List<Path> plans = new ArrayList<>();
        try (Stream<Path> files = Files.list(RepoFiles.root().resolve("testdata/plans"))) {
            files.filter(p -> p.toString().endsWith(".json")).forEach(plans::add);
        }
        Path corpus = RepoFiles.root().resolveSibling("shared").resolve("corpus");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                files.filter(p -> p.toString().endsWith(".json")).forEach(plans::add);
            }
        }

        int compared = 0;
        for (Path plan : plans) {
            String java;
            try {
                java = PlanFingerprintTest.fingerprint(plan);
            } catch (PlanException e) {
                continue; // not a usable plan: nothing to fingerprint
            }
            assertThat(python(script, plan)).as(plan.toString()).isEqualTo(java);
            compared++;
        }
        assertThat(compared).isGreaterThan(10);
    }

    private static String referenceImplementation() throws IOException {
        String doc = Files.readString(RepoFiles.root().resolve("docs/fingerprint.md"));
        Matcher code = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(code.find()).as("docs/fingerprint.md holds a python block").isTrue();
        return code.group(1);
    }

    private static String python(Path script, Path plan) throws Exception {
        Process process = new ProcessBuilder("python3", script.toString(), plan.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
