package dev.backstop.core.report;

import static dev.backstop.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.rules.Finding;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.registry.ParserRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** JUnit XML, parsed with the JDK's own XML parser and read back with warnings-ng's JUnit parser. */
class JunitReportTest {
    private static Document parse(CheckReport report) throws Exception {
        byte[] xml = render(new JunitReport(), report).getBytes(StandardCharsets.UTF_8);
        return DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    @Test
    void oneSuiteOneTestCasePerFindingAndBlockingFindingsFail() throws Exception {
        CheckReport report = ReportFixtures.denied();

        Document xml = parse(report);

        Element suite = xml.getDocumentElement();
        NodeList cases = suite.getElementsByTagName("testcase");
        long blocking = report.findings().stream().filter(report::isBlocking).count();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo(Integer.toString(report.findings().size()));
        assertThat(suite.getAttribute("failures")).isEqualTo(Long.toString(blocking));
        assertThat(cases.getLength()).isEqualTo(report.findings().size());
        assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo((int) blocking);
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            Finding finding = report.findings().get(i);
            assertThat(testCase.getAttribute("classname")).isEqualTo("backstop." + finding.rule());
            assertThat(testCase.getAttribute("name")).startsWith(finding.rule() + ": " + TextEscapes.printable(FindingText.subject(finding)));
            NodeList failure = testCase.getElementsByTagName("failure");
            if (report.isBlocking(finding)) {
                assertThat(((Element) failure.item(0)).getAttribute("message"))
                        .isEqualTo(TextEscapes.printable(FindingText.subject(finding) + ": " + finding.message()));
            } else {
                assertThat(failure.getLength()).isZero();
                assertThat(testCase.getElementsByTagName("system-out").item(0).getTextContent()).contains(TextEscapes.printable(finding.message()));
            }
        }
    }

    @Test
    void testCaseNamesAreUniqueAndTheVerdictIsAProperty() throws Exception {
        Document xml = parse(ReportFixtures.denied());

        NodeList cases = xml.getElementsByTagName("testcase");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("classname") + "#" + ((Element) cases.item(i)).getAttribute("name"));
        }
        assertThat(names).hasSize(cases.getLength());
        assertThat(((Element) xml.getElementsByTagName("property").item(0)).getAttribute("value")).isEqualTo("deny");
    }

    @Test
    void anErrorIsOneFailingTestCase() throws Exception {
        Document xml = parse(CheckReport.error("the plan JSON is truncated"));

        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(1);
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("plan could not be checked");
        assertThat(xml.getElementsByTagName("failure").item(0).getTextContent()).isEqualTo("the plan JSON is truncated");
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void aPlanWithoutFindingsIsOnePassingTestCase() throws Exception {
        Document xml = parse(ReportFixtures.check("create.json"));

        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void charactersXmlCannotHoldNeverBreakTheFile() throws Exception {
        CheckReport report = ReportFixtures.mixed();

        Document xml = parse(report);

        assertThat(xml.getDocumentElement().getTextContent()).contains("\\u001b[31mred").doesNotContain("\u001b");
    }

    @Test
    void warningsNgReadsEachFailureAsAnIssue(@TempDir Path dir) throws Exception {
        CheckReport report = ReportFixtures.mixed();
        Path file = dir.resolve("TEST-backstop.xml");
        Files.writeString(file, render(new JunitReport(), report));

        Report issues = new ParserRegistry().get("junit").createParser().parse(new FileReaderFactory(file));

        assertThat(issues.getErrorMessages()).isEmpty();
        assertThat(issues.size()).isEqualTo((int) report.findings().stream().filter(report::isBlocking).count());
        assertThat(issues.stream().map(i -> i.getMessage()))
                .anyMatch(m -> m.contains("aws_db_instance.orders: aws_db_instance will be destroyed and re-created"));
    }
}
