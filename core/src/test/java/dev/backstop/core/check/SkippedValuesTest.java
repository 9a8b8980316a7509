package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The check skips the values of unchanged and read resources it has no use for (most of a big plan). That must
 * change no report: every plan of the repository (and the shared corpus, when present) is checked with and without
 * skipping, under the built-in policy and under one whose environments, custom rules and raised {@code moved}
 * severity look at values, and the reports must be equal.
 */
class SkippedValuesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T10:15:00Z"), ZoneOffset.UTC);
    private static final PlanConverter CONVERTER = new PlanConverter(List.of("terraform"), Duration.ofMinutes(1));
    private static final String POLICY = """
            version: 1
            rules:
              moved:
                severity: medium
            environments:
              production:
                production: true
                tags:
                  env: [prod, production]
                  environment: [prod, production]
                attributes:
                  project: acme-prod-*
            custom_rules:
              - id: owner-tag
                severity: low
                message: changes should carry an owner tag
                condition: change.after != null && has(change.after.tags) && !("owner" in change.after.tags)
            """;

    /** A moved, unchanged bucket in production, with keys in Terraform's order: its values must be read. */
    private static final String MOVED_IN_ORDER = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":["
            + "{\"address\":\"aws_s3_bucket.invoices\",\"previous_address\":\"aws_s3_bucket.billing\",\"mode\":\"managed\","
            + "\"type\":\"aws_s3_bucket\",\"name\":\"invoices\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\","
            + "\"change\":{\"actions\":[\"no-op\"],\"before\":{\"bucket\":\"acme-invoices\",\"tags\":{\"env\":\"prod\"}},"
            + "\"after\":{\"bucket\":\"acme-invoices\",\"tags\":{\"env\":\"prod\"}},\"after_unknown\":{}}}]}";

    @TestFactory
    Stream<DynamicTest> skippingUnusedValuesChangesNoReport() throws IOException {
        List<Path> plans = new ArrayList<>();
        Path root = RepoFiles.root();
        for (String dir : List.of("testdata/scenarios", "testdata/plans", "testdata/examples", "testdata/reports")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(plans::add);
            }
        }
        Path corpus = root.resolveSibling("shared").resolve("corpus");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(plans::add);
            }
        }
        assertThat(plans).hasSizeGreaterThan(100);
        Policy policy = Policy.parse("test-policy.yml", POLICY);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path plan : plans) {
            for (Policy p : List.of(Policy.builtIn(), policy)) {
                tests.add(DynamicTest.dynamicTest(root.relativize(plan) + " (" + p.source() + ")",
                        () -> assertSameReport(p, () -> PlanSource.file(plan))));
            }
        }
        tests.add(DynamicTest.dynamicTest("moved unchanged resource in production", () -> assertSameReport(policy,
                () -> PlanSource.stdin(new ByteArrayInputStream(MOVED_IN_ORDER.getBytes(StandardCharsets.UTF_8))))));
        return tests.stream();
    }

    @Test
    void aMovedUnchangedResourceIsPlacedInItsEnvironmentByItsValues() {
        CheckReport report = new PlanCheck(Policy.parse("test-policy.yml", POLICY), null, CLOCK).run(
                PlanSource.stdin(new ByteArrayInputStream(MOVED_IN_ORDER.getBytes(StandardCharsets.UTF_8))), CONVERTER);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("moved");
            assertThat(f.environment()).isEqualTo("production");
        });
    }

    /** Skipping was decided on Terraform's key order; a previous_address after the change breaks it: fail closed. */
    @Test
    void aPreviousAddressAfterSkippedValuesIsRefused() {
        String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"aws_instance.a\","
                + "\"mode\":\"managed\",\"type\":\"aws_instance\",\"change\":{\"actions\":[\"no-op\"],\"before\":{},\"after\":{}},"
                + "\"previous_address\":\"aws_instance.b\"}]}";

        assertThatThrownBy(() -> PlanCheck.defaults().run(
                PlanSource.stdin(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))), CONVERTER))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("\"previous_address\" after \"change\"");
    }

    private static void assertSameReport(Policy policy, Supplier<PlanSource> source) {
        Object skipping = outcome(new PlanCheck(policy, "prod", CLOCK, true), source.get());
        Object reading = outcome(new PlanCheck(policy, "prod", CLOCK, false), source.get());
        assertThat(skipping).isEqualTo(reading);
    }

    /** The report, or the error message when the plan is refused. */
    private static Object outcome(PlanCheck check, PlanSource source) {
        try {
            return check.run(source, CONVERTER);
        } catch (PlanException e) {
            return "refused: " + e.getMessage();
        }
    }
}
