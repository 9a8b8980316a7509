package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.html;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backstop.core.plan.PlanJson;
import dev.backstop.core.rules.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The native JSON format of Jenkins' Warnings Next Generation plugin, as its analysis-model library reads it (the
 * "native" / "issues" parser): {@code {"issues": [...]}}, one issue per finding.
 *
 * <ul>
 * <li>{@code severity}: {@code ERROR} when the finding blocks (denials included); otherwise by severity,
 *     {@code WARNING_HIGH} (critical, high), {@code WARNING_NORMAL} (medium), {@code WARNING_LOW} (low, info).</li>
 * <li>{@code category}: the rule; {@code type}: the action ({@code replace}, {@code delete}, ...);
 *     {@code packageName}: the resource type; {@code moduleName}: the Terraform module ({@code root} or
 *     {@code module.a.module.b}).</li>
 * <li>{@code message}: address and what happens; {@code description}: the safer alternative, any exemption, the
 *     rule and what the finding means for the plan. warnings-ng shows both as HTML, so both are HTML-escaped.</li>
 * <li>{@code fileName}, {@code lineStart}: the resource block when the configuration was given
 *     ({@link TerraformSources}). Never the plan file: warnings-ng copies the files issues point at into Jenkins
 *     to show them, and the plan holds secret values.</li>
 * <li>{@code fingerprint}: {@link FindingKeys}, so warnings-ng tracks the same finding across builds.</li>
 * </ul>
 *
 * <p>An error verdict is one {@code ERROR} issue in category {@code error}, so a quality gate on errors stops.
 */
public final class NativeReport implements ReportWriter {
    private final ResourceLocator locator;

    public NativeReport(ResourceLocator locator) {
        this.locator = locator;
    }

    @Override
    public void write(CheckReport report, OutputStream out) {
        try (JsonGenerator json = PlanJson.prettyGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("issues");
            if (report.error() != null) {
                json.writeStartObject();
                json.writeStringField("severity", "ERROR");
                json.writeStringField("category", "error");
                json.writeStringField("type", "error");
                json.writeStringField("message", html(report.error()));
                json.writeStringField("description", "<p>" + html(FindingText.verdictReason(report)) + "</p>");
                json.writeEndObject();
            }
            List<String> keys = FindingKeys.of(report.findings());
            for (int i = 0; i < report.findings().size(); i++) {
                writeIssue(json, report, report.findings().get(i), keys.get(i));
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeIssue(JsonGenerator json, CheckReport report, Finding finding, String key) throws IOException {
        json.writeStartObject();
        Optional<SourceLocation> source = locator.locate(finding);
        if (source.isPresent()) {
            json.writeStringField("fileName", source.get().path());
            json.writeNumberField("lineStart", source.get().line());
        }
        json.writeStringField("severity", severity(report, finding));
        json.writeStringField("category", finding.rule());
        json.writeStringField("type", FindingText.action(finding));
        json.writeStringField("packageName", finding.type() == null ? "plan" : finding.type());
        json.writeStringField("moduleName", module(finding));
        json.writeStringField("message", html(FindingText.subject(finding) + ": " + finding.message()));
        json.writeStringField("description", description(report, finding));
        json.writeStringField("fingerprint", key);
        json.writeEndObject();
    }

    static String severity(CheckReport report, Finding finding) {
        if (report.level(finding) == FindingLevel.BLOCKING) {
            return "ERROR";
        }
        switch (finding.severity()) {
            case CRITICAL:
            case HIGH:
                return "WARNING_HIGH";
            case MEDIUM:
                return "WARNING_NORMAL";
            default:
                return "WARNING_LOW";
        }
    }

    /** {@code root}, or the module path of the address ({@code module.a.module.b}); {@code plan} for plan-wide findings. */
    static String module(Finding finding) {
        return ResourceAddress.parse(finding.address())
                .map(address -> address.modules().isEmpty() ? "root"
                        : "module." + String.join(".module.", address.modules()))
                .orElse("plan");
    }

    private static String description(CheckReport report, Finding finding) {
        StringBuilder html = new StringBuilder();
        if (finding.remedy() != null) {
            html.append("<p>Safer: ").append(html(finding.remedy())).append("</p>");
        }
        if (finding.exemption() != null) {
            html.append("<p>").append(html(finding.exemption())).append("</p>");
        }
        html.append("<p>Rule ").append(html(finding.rule())).append(" (").append(FindingText.consequence(report, finding))
                .append("; severity ").append(finding.severity().label());
        if (finding.environment() != null) {
            html.append("; environment ").append(html(finding.environment()));
        }
        return html.append(")</p>").toString();
    }
}
