package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.xml;

import dev.backstop.core.rules.Finding;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the test-result format every CI server shows: one test suite, one test case per finding named by rule
 * and address. A blocking finding (denials included) is a failure whose message is the finding; a non-blocking one
 * passes and keeps its explanation in {@code system-out}. A plan without findings is one passing test case, so the
 * suite is never empty; an error verdict is one failing test case, "plan could not be checked".
 *
 * <p>Test cases are grouped as class {@code backstop.RULE}, which CI servers show as package {@code backstop},
 * class {@code RULE}.
 */
public final class JunitReport implements ReportWriter {
    public static final String SUITE = "backstop";
    public static final String ERROR_CASE = "plan could not be checked";
    public static final String CLEAN_CASE = "plan check";

    @Override
    public void write(CheckReport report, OutputStream out) {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", SUITE);
            boolean error = report.error() != null;
            int tests = error || report.findings().isEmpty() ? 1 : report.findings().size();
            long failures = error ? 1 : report.findings().stream().filter(report::isBlocking).count();
            xml.writeAttribute("tests", Integer.toString(tests));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", "0");
            xml.writeCharacters("\n  ");
            writeProperties(xml, report);
            if (error) {
                testCase(xml, SUITE, ERROR_CASE, FindingText.verdictReason(report), xml(report.error()), "error");
            } else if (report.findings().isEmpty()) {
                testCase(xml, SUITE, CLEAN_CASE, null, "Verdict: " + FindingText.verdict(report) + " - "
                        + FindingText.verdictReason(report), null);
            } else {
                Map<String, Integer> seen = new HashMap<>();
                for (Finding finding : report.findings()) {
                    String name = finding.rule() + ": " + FindingText.subject(finding);
                    int occurrence = seen.merge(name, 1, Integer::sum);
                    String details = details(report, finding);
                    if (report.isBlocking(finding)) {
                        testCase(xml, SUITE + "." + finding.rule(), name + suffix(occurrence),
                                FindingText.subject(finding) + ": " + finding.message(), details,
                                finding.denied() ? "denied" : finding.severity().label());
                    } else {
                        testCase(xml, SUITE + "." + finding.rule(), name + suffix(occurrence), null, details, null);
                    }
                }
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
            out.flush();
        } catch (XMLStreamException | java.io.IOException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
    }

    private static void writeProperties(XMLStreamWriter xml, CheckReport report) throws XMLStreamException {
        xml.writeStartElement("properties");
        property(xml, "verdict", report.verdict().label());
        property(xml, "exit_code", Integer.toString(report.verdict().exitCode()));
        if (report.fingerprint() != null) {
            property(xml, "fingerprint", report.fingerprint());
        }
        if (report.blocking() != null) {
            property(xml, "blocking_severity", report.blocking().label());
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", xml(value));
    }

    /**
     * @param failure the failure message, or null for a passing test case, whose {@code text} goes to system-out
     * @param text    lines already made safe for XML ({@link TextEscapes#xml} on every plan-derived part)
     */
    private static void testCase(XMLStreamWriter xml, String className, String name, String failure, String text,
            String type) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", xml(className));
        xml.writeAttribute("name", xml(name));
        xml.writeAttribute("time", "0");
        xml.writeCharacters("\n    ");
        if (failure != null) {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", xml(failure));
            xml.writeAttribute("type", xml(type));
        } else {
            xml.writeStartElement("system-out");
        }
        xml.writeCharacters(text);
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    /** The finding in a few lines, each plan-derived part made safe for XML on its own. */
    private static String details(CheckReport report, Finding finding) {
        StringBuilder text = new StringBuilder();
        text.append(FindingText.level(finding)).append(' ').append(xml(FindingText.action(finding))).append(' ')
                .append(xml(FindingText.subject(finding))).append(" (").append(FindingText.consequence(report, finding))
                .append(")\n").append(xml(finding.message()));
        if (finding.remedy() != null) {
            text.append("\nSafer: ").append(xml(finding.remedy()));
        }
        if (finding.exemption() != null) {
            text.append('\n').append(xml(finding.exemption()));
        }
        text.append("\nRule: ").append(xml(finding.rule())).append(" (`backstop explain ").append(xml(finding.rule()))
                .append("`)");
        if (finding.environment() != null) {
            text.append("; environment: ").append(xml(finding.environment()));
        }
        return text.toString();
    }

    private static String suffix(int occurrence) {
        return occurrence == 1 ? "" : " (" + occurrence + ")";
    }
}
