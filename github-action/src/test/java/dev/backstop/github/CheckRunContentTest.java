package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.report.SourceLocation;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import dev.backstop.github.testing.GithubHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A report as a check run: conclusions, titles, GitHub's limits, and the report kept for re-evaluation. */
class CheckRunContentTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private final CheckRunContent.Context context = new CheckRunContent.Context("Backstop", GithubHarness.HEAD,
            "https://github.example/run", NOW, ResourceLocator.NONE, List.of());

    @Test
    void eachVerdictHasItsConclusion() {
        assertThat(CheckRunContent.conclusion(Verdict.ALLOW)).isEqualTo(CheckDetails.Conclusion.SUCCESS);
        assertThat(CheckRunContent.conclusion(Verdict.APPROVAL_REQUIRED))
                .isEqualTo(CheckDetails.Conclusion.ACTION_REQUIRED);
        assertThat(CheckRunContent.conclusion(Verdict.DENY)).isEqualTo(CheckDetails.Conclusion.FAILURE);
        assertThat(CheckRunContent.conclusion(Verdict.ERROR)).isEqualTo(CheckDetails.Conclusion.FAILURE);
    }

    @Test
    void aDeniedPlanFailsAndSaysWhy() {
        Policy policy = Policy.parse("p.yml", "version: 1\nprotect:\n  - address: aws_db_instance.orders\n"
                + "    reason: customer orders\n");
        CheckReport report = GithubHarness.check(GithubHarness.oneDatabase(), policy, java.time.Clock.systemUTC());

        CheckDetails details = CheckRunContent.of(report, report, context, NOW);

        assertThat(details.conclusion()).isEqualTo(CheckDetails.Conclusion.FAILURE);
        assertThat(details.title()).isEqualTo("Denied: the policy forbids 1 change");
        assertThat(details.text()).doesNotContain("How to approve");
    }

    @Test
    void anErrorHasNoFingerprintAndNoKeptReport() {
        CheckDetails details = CheckRunContent.of(CheckReport.error("the plan JSON is truncated"), null, context, NOW);

        assertThat(details.externalId()).isNull();
        assertThat(details.title()).isEqualTo("Error: the plan JSON is truncated");
        assertThat(details.text()).isNull();
        assertThat(details.summary()).contains("Backstop: ERROR");
    }

    @Test
    void aHugeReportStaysWithinGithubsLimitsAndIsStillKept() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            findings.add(new Finding("stateful-destroy", Severity.HIGH, "module.tenant[\"t-" + i + "\"].aws_db_instance"
                    + ".main", "aws_db_instance", List.of("delete"), noise(i), "delete_because_no_resource_config",
                    List.of(), "keep it", false, null, null));
        }
        CheckReport report = new CheckReport(Verdict.APPROVAL_REQUIRED, "sha256:" + "ab".repeat(32), "1.9.8", "1.2",
                true, Severity.MEDIUM, summary(3000), findings, List.of(), "built-in", null,
                null);

        CheckDetails details = CheckRunContent.of(report, report, context, NOW);

        assertThat(details.summary().length()).isLessThanOrEqualTo(65_535);
        assertThat(details.text().length()).isLessThanOrEqualTo(65_535);
        Optional<CheckReport> kept = EmbeddedReport.decode(details.text());
        assertThat(kept).isPresent();
        assertThat(kept.get().findings()).hasSize(3000);
        assertThat(kept.get().findings().get(0).message()).isEqualTo(EmbeddedReport.SLIM_MESSAGE);
    }

    /** Text gzip cannot shrink much, as real messages with their varied addresses and numbers. */
    private static String noise(int seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static Map<String, Long> summary(long deletes) {
        Map<String, Long> summary = new java.util.LinkedHashMap<>();
        for (String kind : List.of("create", "update", "delete", "replace", "read", "no-op", "forget", "unknown",
                "moved", "total")) {
            summary.put(kind, kind.equals("delete") || kind.equals("total") ? deletes : 0L);
        }
        return summary;
    }

    @Test
    void findingsWithALineBecomeAnnotationsAtTheirLevel() {
        CheckReport report = GithubHarness.check(GithubHarness.plan(GithubHarness.delete("aws_db_instance.orders"),
                GithubHarness.delete("null_resource.x")), Policy.builtIn(), java.time.Clock.systemUTC());
        ResourceLocator locator = f -> Optional.of(new SourceLocation("infra/main.tf", 12, true));

        CheckDetails details = CheckRunContent.of(report, report, new CheckRunContent.Context("Backstop",
                GithubHarness.HEAD, null, NOW, locator, List.of()), NOW);

        assertThat(details.annotations()).extracting(CheckDetails.Annotation::level)
                .containsExactly(CheckDetails.Level.FAILURE, CheckDetails.Level.WARNING);
        assertThat(details.annotations().get(0).title())
                .isEqualTo("Backstop stateful-destroy (needs sign-off): aws_db_instance.orders");
        assertThat(details.annotations().get(0).path()).isEqualTo("infra/main.tf");
        assertThat(details.annotations().get(0).line()).isEqualTo(12);
        assertThat(details.withoutAnnotations().annotations()).isEmpty();
    }
}
