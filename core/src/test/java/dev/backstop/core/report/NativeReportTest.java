package dev.backstop.core.report;

import static dev.backstop.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.rules.Finding;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Issue;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.Severity;
import edu.hm.hafner.analysis.registry.ParserRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native format is read back with analysis-model's own parser for it (the "native" descriptor warnings-ng uses
 * for {@code issues} files), and every field Backstop writes must come back as written.
 */
class NativeReportTest {
    private static Report parse(CheckReport report, ResourceLocator locator, Path dir) throws Exception {
        Path file = dir.resolve("backstop-issues.json");
        Files.writeString(file, render(new NativeReport(locator), report));
        Report issues = new ParserRegistry().get("native").createParser().parse(new FileReaderFactory(file));
        assertThat(issues.getErrorMessages()).isEmpty();
        return issues;
    }

    @Test
    void everyFieldWrittenIsReadBackByWarningsNg(@TempDir Path dir) throws Exception {
        CheckReport report = ReportFixtures.denied();
        ResourceLocator locator = ReportFixtures.locator();

        Report issues = parse(report, locator, dir);

        assertThat(issues.size()).isEqualTo(report.findings().size());
        List<String> keys = FindingKeys.of(report.findings());
        for (int i = 0; i < issues.size(); i++) {
            Finding finding = report.findings().get(i);
            Issue issue = issues.get(i);
            Optional<SourceLocation> source = locator.locate(finding);
            assertThat(issue.getFileName()).isEqualTo(source.orElseThrow().path());
            assertThat(issue.getLineStart()).isEqualTo(source.orElseThrow().line());
            assertThat(issue.getSeverity().getName()).isEqualTo(NativeReport.severity(report, finding));
            assertThat(issue.getCategory()).isEqualTo(finding.rule());
            assertThat(issue.getType()).isEqualTo(FindingText.action(finding));
            assertThat(issue.getPackageName()).isEqualTo(finding.type() == null ? "plan" : finding.type());
            assertThat(issue.getModuleName()).isEqualTo(NativeReport.module(finding));
            assertThat(issue.getMessage()).isEqualTo(TextEscapes.html(FindingText.subject(finding) + ": " + finding.message()));
            assertThat(issue.getDescription()).contains("Rule " + finding.rule());
            assertThat(issue.getFingerprint()).isEqualTo(keys.get(i));
        }
    }

    @Test
    void severityMapsBlockingToErrorAndTheRestBySeverity(@TempDir Path dir) throws Exception {
        Report issues = parse(ReportFixtures.denied(), ReportFixtures.locator(), dir);

        assertThat(issues.stream().map(i -> i.getSeverity().getName())).contains("ERROR", "WARNING_LOW");
        assertThat(issues.get(0).getCategory()).isEqualTo("protected-destroy");
        assertThat(issues.get(0).getSeverity()).isEqualTo(Severity.ERROR);
        assertThat(issues.stream().filter(i -> i.getModuleName().equals("module.storage"))).isNotEmpty();
        assertThat(issues.stream().filter(i -> i.getDescription().contains("exempted until 2099-12-31"))).hasSize(1);
    }

    @Test
    void nonBlockingFindingsKeepTheirSeverityWhenOnlyCriticalBlocks(@TempDir Path dir) throws Exception {
        CheckReport report = ReportFixtures.check(ReportFixtures.plan(), dev.backstop.core.policy.Policy.parse("p.yml",
                ReportFixtures.POLICY.replace("version: 1\n", "version: 1\nblocking_severity: critical\n")
                        .replaceAll("(?s)protect:.*?exempt:", "exempt:")));

        Report issues = parse(report, ReportFixtures.locator(), dir);

        assertThat(report.verdict()).isEqualTo(dev.backstop.core.verdict.Verdict.ALLOW);
        assertThat(issues.stream().map(i -> i.getSeverity().getName()))
                .contains("WARNING_HIGH", "WARNING_NORMAL", "WARNING_LOW").doesNotContain("ERROR");
    }

    @Test
    void withoutAConfigurationDirectoryIssuesHaveNoFileAndNeverThePlan(@TempDir Path dir) throws Exception {
        Report issues = parse(ReportFixtures.mixed(), ResourceLocator.NONE, dir);

        assertThat(issues.stream().map(Issue::getFileName)).allMatch(name -> name.equals("-"));
    }

    @Test
    void planTextIsHtmlEscapedBecauseWarningsNgShowsMessagesAsHtml(@TempDir Path dir) throws Exception {
        Report issues = parse(ReportFixtures.mixed(), ReportFixtures.locator(), dir);

        assertThat(issues.stream().map(Issue::getMessage))
                .anyMatch(m -> m.contains("&lt;img src=x onerror=alert(1)&gt;"))
                .noneMatch(m -> m.contains("<img"));
    }

    @Test
    void anErrorIsOneErrorIssue(@TempDir Path dir) throws Exception {
        Report issues = parse(CheckReport.error("cannot read <plan>"), ResourceLocator.NONE, dir);

        assertThat(issues.size()).isEqualTo(1);
        assertThat(issues.get(0).getSeverity()).isEqualTo(Severity.ERROR);
        assertThat(issues.get(0).getCategory()).isEqualTo("error");
        assertThat(issues.get(0).getMessage()).isEqualTo("cannot read &lt;plan&gt;");
    }
}
