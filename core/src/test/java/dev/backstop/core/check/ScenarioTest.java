package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * testdata/scenarios/NAME/plan.json with expected.yml: the verdict and the complete set of findings (rule,
 * severity, address) each plan must produce. Covers every rule on every main provider, the incident shapes, and
 * ordinary changes that must not block.
 */
class ScenarioTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @TestFactory
    Stream<DynamicTest> everyScenarioProducesExactlyItsExpectedFindings() throws IOException {
        Path root = RepoFiles.root().resolve("testdata/scenarios");
        List<Path> scenarios;
        try (Stream<Path> dirs = Files.list(root)) {
            scenarios = dirs.filter(d -> Files.isRegularFile(d.resolve("plan.json"))).sorted().toList();
        }
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(30);
        return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        JsonNode expected = YAML.readTree(dir.resolve("expected.yml").toFile());
        CheckReport report = PlanCheck.defaults().run(PlanSource.file(dir.resolve("plan.json")),
                new PlanConverter(List.of("terraform"), Duration.ofMinutes(1)));

        List<String> actual = report.findings().stream()
                .map(f -> key(f.rule(), f.severity().label(), f.address())).sorted().toList();
        List<String> wanted = new ArrayList<>();
        for (JsonNode finding : expected.path("findings")) {
            JsonNode address = finding.get("address");
            wanted.add(key(finding.get("rule").asText(), finding.get("severity").asText(),
                    address == null || address.isNull() ? null : address.asText()));
        }
        wanted.sort(null);

        assertThat(actual).as(expected.path("description").asText() + "\n" + messages(report)).isEqualTo(wanted);
        assertThat(report.verdict().label()).as("verdict").isEqualTo(expected.get("verdict").asText());
    }

    private static String key(String rule, String severity, String address) {
        return rule + " " + severity + " " + (address == null ? "(plan)" : address);
    }

    private static String messages(CheckReport report) {
        StringBuilder text = new StringBuilder();
        report.findings().forEach(f -> text.append("  ").append(f.rule()).append(": ").append(f.message()).append('\n'));
        return text.toString();
    }
}
