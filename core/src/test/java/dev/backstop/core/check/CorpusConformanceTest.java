package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real plan in ../shared/corpus (OpenTofu's and terraform-json's own test fixtures) is read, and its count of
 * destructive changes matches an independent count made with a plain Jackson tree of the whole file. Files that
 * are not usable plans must fail with a clean PlanException, never be allowed.
 */
class CorpusConformanceTest {
    /** Corpus files that are not usable plans, and why each is refused. */
    private static final Map<String, String> NOT_PLANS = Map.of(
            "opentofu/show-json-state__basic.json", "JSON of a state",
            "opentofu/show-json-state__modules.json", "JSON of a state",
            "opentofu/show-json-state__sensitive-variables.json", "JSON of a state",
            "opentofu/show-json-state__empty.json", "no \"planned_values\"",
            "opentofu/show-json-state__no-state.json", "no \"planned_values\"",
            "opentofu/show-json__plan-error.json", "the plan errored",
            "terraform-json/invalid.json", "not valid JSON");

    private static final ObjectMapper TREE = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCorpusPlanIsReadOrCleanlyRefused() throws IOException {
        Path corpus = RepoFiles.corpusOrSkip();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(90);
        return files.stream().map(file -> {
            String name = corpus.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, () -> check(name, file));
        });
    }

    private static void check(String name, Path file) throws IOException {
        PlanConverter converter = new PlanConverter(List.of("terraform"), Duration.ofMinutes(1));
        if (NOT_PLANS.containsKey(name)) {
            assertThatThrownBy(() -> PlanCheck.defaults().run(PlanSource.file(file), converter))
                    .isInstanceOf(PlanException.class)
                    .hasMessageContaining(NOT_PLANS.get(name));
            return;
        }
        long independent = independentDestructiveCount(file);

        long streamed = Plans.read(file).changes().stream().filter(c -> c.isDestructive()).count();
        CheckReport report = PlanCheck.defaults().run(PlanSource.file(file), converter);

        assertThat(streamed).as("destructive changes read by the streaming reader").isEqualTo(independent);
        assertThat(report.summary().get("delete") + report.summary().get("replace"))
                .as("delete + replace in the report summary").isEqualTo(independent);
        assertThat(report.fingerprint()).startsWith("sha256:");
    }

    /** Counts entries whose actions contain "delete", reading the whole file as a tree: no shared code. */
    private static long independentDestructiveCount(Path file) throws IOException {
        JsonNode plan = TREE.readTree(file.toFile());
        long count = 0;
        for (JsonNode change : plan.path("resource_changes")) {
            for (JsonNode action : change.path("change").path("actions")) {
                if (action.asText().equals("delete")) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
