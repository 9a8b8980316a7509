package dev.backstop.core.report;

import static dev.backstop.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.rules.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GithubCommandsReportTest {
    /** A workflow command as the Actions runner reads one line: {@code ::name k=v,k=v::data}, then unescaped. */
    record Command(String name, Map<String, String> properties, String data) {
        static Command parse(String line) {
            int end = line.indexOf("::", 2);
            String info = line.substring(2, end);
            int space = info.indexOf(' ');
            Map<String, String> properties = new HashMap<>();
            if (space > 0) {
                for (String pair : info.substring(space + 1).split(",")) {
                    String[] kv = pair.split("=", 2);
                    properties.put(kv[0], unescapeProperty(kv[1]));
                }
            }
            return new Command(space < 0 ? info : info.substring(0, space), properties,
                    unescapeData(line.substring(end + 2)));
        }

        static String unescapeData(String text) {
            return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
        }

        static String unescapeProperty(String text) {
            return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
        }
    }

    @Test
    void theLogTextIsFencedByStopCommandsWithARandomTokenAndAnnotationsFollow() {
        CheckReport report = ReportFixtures.mixed();

        String first = render(new GithubCommandsReport(ReportFixtures.locator()), report);
        String second = render(new GithubCommandsReport(ReportFixtures.locator()), report);

        List<String> lines = first.lines().toList();
        String token = lines.get(0).substring("::stop-commands::".length());
        int resume = lines.indexOf("::" + token + "::");
        assertThat(lines.get(0)).startsWith("::stop-commands::backstop-");
        assertThat(token).matches("backstop-[0-9a-f]{32}");
        assertThat(second.lines().findFirst().orElseThrow()).isNotEqualTo(lines.get(0));
        assertThat(resume).isGreaterThan(1);
        assertThat(lines.subList(1, resume)).as("the text report").contains("Verdict: APPROVAL REQUIRED - 6 findings at"
                + " medium or above need an authorised sign-off before apply (exit 3)")
                .noneMatch(line -> line.contains(token));
        assertThat(lines.subList(resume + 1, lines.size())).hasSize(report.findings().size());
    }

    @Test
    void eachFindingIsOneAnnotationAtItsLevelWithFileAndLineAndRoundTripsThroughTheRunnersUnescaping() {
        CheckReport report = ReportFixtures.denied();

        List<String> lines = render(new GithubCommandsReport(ReportFixtures.locator()), report).lines().toList();

        List<String> annotations = lines.subList(lines.size() - report.findings().size(), lines.size());
        for (int i = 0; i < annotations.size(); i++) {
            Finding finding = report.findings().get(i);
            Command command = Command.parse(annotations.get(i));
            assertThat(command.name()).isEqualTo(GithubCommandsReport.command(report.level(finding)));
            assertThat(command.properties().get("title")).isEqualTo(TextEscapes.printable("Backstop " + finding.rule()
                    + " (" + FindingText.consequence(report, finding) + "): " + FindingText.subject(finding)));
            SourceLocation source = ReportFixtures.locator().locate(finding).orElseThrow();
            assertThat(command.properties().get("file")).isEqualTo(source.path());
            assertThat(command.properties().get("line")).isEqualTo(Integer.toString(source.line()));
            assertThat(command.properties()).hasSize(3);
            assertThat(command.data()).startsWith(TextEscapes.printable(FindingText.subject(finding) + ": " + finding.message()));
        }
        assertThat(annotations).extracting(line -> Command.parse(line).name()).contains("error", "warning", "notice");
    }

    @Test
    void planTextCannotStartACommandOrEndTheStop() {
        CheckReport report = ReportFixtures.mixed();
        String address = ReportFixtures.hostileAddress(report);

        String output = render(new GithubCommandsReport(ReportFixtures.locator(), () -> "backstop-fixed"), report);

        List<String> lines = output.lines().toList();
        assertThat(lines).filteredOn(line -> line.contains("pwned"))
                .allMatch(line -> !line.stripLeading().startsWith("::") || line.startsWith("::error title=Backstop"));
        assertThat(lines).filteredOn(line -> line.startsWith("::error") && line.contains("evil"))
                .allSatisfy(line -> assertThat(Command.parse(line).properties().get("title")).endsWith(TextEscapes.printable(address)));
        assertThat(output).doesNotContain("\r").doesNotContain("\u001b").doesNotContain("\u2028");
    }

    @Test
    void escapingFollowsTheRunner() {
        assertThat(TextEscapes.githubData("100%\r\nnext")).isEqualTo("100%25%0D%0Anext");
        assertThat(TextEscapes.githubProperty("a:b,c%0A")).isEqualTo("a%3Ab%2Cc%250A");
        assertThat(Command.unescapeProperty(TextEscapes.githubProperty("x:%0A,y"))).isEqualTo("x:%0A,y");
    }

    @Test
    void anErrorIsAnErrorAnnotation() {
        List<String> lines = render(new GithubCommandsReport(ResourceLocator.NONE), CheckReport.error("cannot read plan.json: 100%"))
                .lines().toList();

        Command error = Command.parse(lines.get(lines.size() - 1));
        assertThat(error.name()).isEqualTo("error");
        assertThat(error.properties().get("title")).isEqualTo("Backstop: plan could not be checked");
        assertThat(error.data()).isEqualTo("cannot read plan.json: 100%");
    }
}
