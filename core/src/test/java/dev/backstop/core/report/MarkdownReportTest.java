package dev.backstop.core.report;

import static dev.backstop.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final Parser PARSER = Parser.builder().build();

    private static String html(String markdown) {
        return HtmlRenderer.builder().build().render(PARSER.parse(markdown));
    }

    @Test
    void verdictComesFirstThenDestroysThenOtherFindingsAndTheFingerprintCloses() {
        CheckReport report = ReportFixtures.mixed();

        String markdown = render(new MarkdownReport(), report);

        List<String> lines = markdown.lines().toList();
        assertThat(lines.get(0)).isEqualTo(MarkdownReport.MARKER);
        assertThat(lines.get(1)).isEqualTo("## 🛑 Backstop: APPROVAL REQUIRED");
        assertThat(markdown).contains("6 findings at medium or above need an authorised sign-off before apply (exit 3)");
        assertThat(markdown.indexOf("### Destroys and replacements (5)")).isGreaterThan(markdown.indexOf("APPROVAL REQUIRED"))
                .isLessThan(markdown.indexOf("### Other findings (4)"));
        assertThat(markdown.strip().lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("**Fingerprint:** `" + report.fingerprint() + "`");
    }

    @Test
    void findingsAreGroupedBySeverityWithCauseAndRemedyAndAdvisoryGroupsFolded() {
        String markdown = render(new MarkdownReport(), ReportFixtures.mixed());

        assertThat(markdown).contains("#### High (4)", "#### High (2)")
                .contains("<details>\n<summary>Low (1): advisory</summary>")
                .contains("<details>\n<summary>Info (2): advisory</summary>")
                .contains("  - Cause: aws\\_db\\_instance will be destroyed and re\\-created")
                .contains("  - Safer: Revert the attribute change");
        assertThat(count(markdown, "<details>")).isEqualTo(count(markdown, "</details>")).isEqualTo(2);
        assertThat(markdown.indexOf("#### High (4)")).isLessThan(markdown.indexOf("<summary>Low (1)"));
    }

    @Test
    void deniedFindingsComeFirstAndExemptionsAreShown() {
        String markdown = render(new MarkdownReport(), ReportFixtures.denied());

        assertThat(markdown).contains("## ⛔ Backstop: DENY").contains("#### Denied (1)")
                .contains("**aws\\_db\\_instance\\.orders**: denied by policy")
                .contains("  - Exemption: ");
        assertThat(markdown.indexOf("#### Denied (1)")).isLessThan(markdown.indexOf("#### High"));
    }

    @Test
    void planTextRendersAsTheTextItIsWithNoHtmlLinksMentionsOrNewBlocks() {
        CheckReport report = ReportFixtures.mixed();
        String address = ReportFixtures.hostileAddress(report);

        String markdown = render(new MarkdownReport(), report);
        String html = html(markdown);
        Node document = PARSER.parse(markdown);
        String text = TextContentRenderer.builder().build().render(document);

        assertThat(html).doesNotContain("<img").doesNotContain("<a ").doesNotContain("<strong>bold")
                .doesNotContain("<code>@octocat").doesNotContain("@octocat").doesNotContain("\u001b");
        // the empty comment after @ renders as nothing in HTML; the text renderer shows inline HTML as written
        assertThat(text.replace("@<!-- -->", "@")).contains(TextEscapes.printable(address));
        assertThat(markdown.lines().filter(line -> line.contains("next-line"))).allMatch(line -> line.startsWith("- **"));
    }

    @Test
    void aPlanWithoutFindingsSaysSo() {
        String markdown = render(new MarkdownReport(), ReportFixtures.check("create.json"));

        assertThat(markdown).contains("## ✅ Backstop: ALLOW").contains("No findings").doesNotContain("<details>");
    }

    @Test
    void anErrorIsStillAReport() {
        String markdown = render(new MarkdownReport(), CheckReport.error("the plan JSON is truncated <here>"));

        assertThat(markdown).contains("## ❌ Backstop: ERROR").contains("never apply (exit 1)")
                .contains("&lt;here&gt;");
    }

    @Test
    void aHugePlanIsCutToTheCommentLimitKeepingTheVerdictTheFingerprintAndACountOfWhatWasCut() {
        CheckReport report = manyDeletions(3000);

        String markdown = render(new MarkdownReport(), report);

        int shown = count(markdown, "\n- **");
        var cut = Pattern.compile("> \\*\\*(\\d+) of (\\d+) findings are not shown\\*\\*").matcher(markdown);
        assertThat(markdown.length()).isLessThanOrEqualTo(MarkdownReport.LIMIT).isGreaterThan(MarkdownReport.LIMIT - 3000);
        assertThat(cut.find()).as("truncation note").isTrue();
        assertThat(Integer.parseInt(cut.group(2))).isEqualTo(report.findings().size());
        assertThat(shown + Integer.parseInt(cut.group(1))).isEqualTo(report.findings().size());
        assertThat(markdown).contains("APPROVAL REQUIRED").contains(report.fingerprint());
        assertThat(count(markdown, "<details>")).isEqualTo(count(markdown, "</details>"));
    }

    @Test
    void truncationClosesAFoldedGroupItCutsInto() {
        CheckReport report = ReportFixtures.mixed();
        String full = render(new MarkdownReport(), report);

        String cut = render(new MarkdownReport(full.length() - 150), report);

        assertThat(full.lastIndexOf("<summary>Info")).isGreaterThan(full.length() - 1000);

        assertThat(cut).contains("findings are not shown");
        assertThat(count(cut, "<details>")).isEqualTo(count(cut, "</details>"));
    }

    /** A real plan that destroys {@code n} buckets: one finding each, plus the mass destroy. */
    static CheckReport manyDeletions(int n) {
        StringBuilder plan = new StringBuilder("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":[");
        for (int i = 0; i < n; i++) {
            plan.append(i == 0 ? "" : ",").append("{\"address\":\"aws_s3_bucket.b[").append(i)
                    .append("]\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"index\":").append(i)
                    .append(",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":[\"delete\"],"
                            + "\"before\":{},\"after\":null,\"after_unknown\":{},\"before_sensitive\":{},\"after_sensitive\":false},"
                            + "\"action_reason\":\"delete_because_count_index\"}");
        }
        plan.append("],\"complete\":true,\"errored\":false}");
        return PlanCheck.defaults().run(PlanSource.stdin(new ByteArrayInputStream(plan.toString().getBytes(StandardCharsets.UTF_8))),
                new PlanConverter(List.of("terraform"), Duration.ofMinutes(1)));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }
}
