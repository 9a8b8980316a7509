package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every corpus plan, rewritten so that every managed change is a delete, is checked with the real rules; the test
 * reports per provider how many of the resource types met are recognised by the catalog (written to
 * core/target/catalog-corpus-coverage.txt and standard output).
 */
class CorpusCatalogCoverageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void catalogAgainstEveryCorpusPlanTurnedIntoADestroyPlan() throws Exception {
        Path corpus = RepoFiles.corpusOrSkip();
        Catalog catalog = Catalog.builtIn();
        Map<String, TreeSet<String>> seen = new TreeMap<>();
        Map<String, TreeSet<String>> recognised = new TreeMap<>();
        int plans = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            JsonNode plan;
            try {
                plan = JSON.readTree(file.toFile());
            } catch (Exception notJson) {
                continue;
            }
            if (!plan.has("planned_values") || plan.path("errored").asBoolean(false) || !plan.path("resource_changes").isArray()) {
                continue;
            }
            long managed = 0;
            for (JsonNode change : (ArrayNode) plan.get("resource_changes")) {
                ObjectNode body = (ObjectNode) change.get("change");
                if ("data".equals(change.path("mode").asText())) {
                    continue;
                }
                managed++;
                JsonNode before = body.get("before") == null || body.get("before").isNull() ? body.get("after") : body.get("before");
                body.putArray("actions").add("delete");
                body.set("before", before);
                body.putNull("after");
                body.remove("replace_paths");
                String provider = change.path("provider_name").asText();
                provider = provider.substring(provider.lastIndexOf('/') + 1);
                String type = change.path("type").asText();
                seen.computeIfAbsent(provider, p -> new TreeSet<>()).add(type);
                if (catalog.knows(type)) {
                    recognised.computeIfAbsent(provider, p -> new TreeSet<>()).add(type);
                }
            }
            CheckReport report = PlanCheck.defaults().run(
                    PlanSource.stdin(new ByteArrayInputStream(JSON.writeValueAsBytes(plan))),
                    new PlanConverter(List.of("terraform"), Duration.ofSeconds(10)));
            assertThat(report.verdict()).as(file.toString()).isNotEqualTo(Verdict.ERROR);
            assertThat(report.summary().get("delete")).as(file.toString()).isEqualTo(managed);
            plans++;
        }

        StringBuilder table = new StringBuilder("Catalog coverage of the shared corpus turned into destroy plans ("
                + plans + " plans)\nprovider            recognised / types  recognised types\n");
        seen.forEach((provider, types) -> {
            TreeSet<String> known = recognised.getOrDefault(provider, new TreeSet<>());
            table.append(String.format("%-19s %4d / %-5d       %s%n", provider, known.size(), types.size(), String.join(", ", known)));
        });
        System.out.print(table);
        Files.writeString(RepoFiles.root().resolve("core/target/catalog-corpus-coverage.txt"), table);
        assertThat(plans).isGreaterThan(80);
    }
}
