package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.printable;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backstop.core.plan.PlanJson;
import dev.backstop.core.report.RuleDescriptions.RuleDescription;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): one rule per Backstop rule, described from
 * policies/rules.yml, and one result per finding. Level {@code error} for blocking findings (denials included),
 * {@code warning} for advisory ones, {@code note} for info. Each result carries a stable partial fingerprint
 * ({@link FindingKeys}), the address as a logical location of kind {@code resource}, and, when the configuration
 * was given, the {@code resource} block's line ({@link TerraformSources}). An exempted finding carries an
 * accepted external suppression with the exemption as its justification.
 *
 * <p>On an error verdict there are no results; the run's invocation fails with the error as its notification.
 */
public final class SarifReport implements ReportWriter {
    public static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    /** The key of Backstop's own partial fingerprint; versioned so a change of key never matches old alerts. */
    public static final String FINGERPRINT_KEY = "backstopFinding/v1";

    private final ReportContext context;

    public SarifReport(ReportContext context) {
        this.context = context;
    }

    @Override
    public void write(CheckReport report, OutputStream out) {
        try (JsonGenerator json = PlanJson.prettyGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("$schema", SCHEMA);
            json.writeStringField("version", "2.1.0");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            List<RuleDescription> rules = rules(report);
            writeTool(json, rules);
            writeInvocation(json, report);
            json.writeArrayFieldStart("results");
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                index.put(rules.get(i).id(), i);
            }
            List<String> keys = FindingKeys.of(report.findings());
            for (int i = 0; i < report.findings().size(); i++) {
                Finding finding = report.findings().get(i);
                writeResult(json, report, finding, index.get(finding.rule()), keys.get(i));
            }
            json.writeEndArray();
            writeRunProperties(json, report);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every described rule, then any rule a finding names that has no description (so each result has a rule). */
    private List<RuleDescription> rules(CheckReport report) {
        Map<String, RuleDescription> rules = new java.util.LinkedHashMap<>();
        context.rules().all().forEach(rule -> rules.put(rule.id(), rule));
        report.findings().forEach(f -> rules.computeIfAbsent(f.rule(), id -> context.rules().of(id)));
        return List.copyOf(rules.values());
    }

    private void writeTool(JsonGenerator json, List<RuleDescription> rules) throws IOException {
        json.writeObjectFieldStart("tool");
        json.writeObjectFieldStart("driver");
        json.writeStringField("name", "Backstop");
        json.writeStringField("version", context.toolVersion());
        json.writeArrayFieldStart("rules");
        for (RuleDescription rule : rules) {
            json.writeStartObject();
            json.writeStringField("id", rule.id());
            json.writeStringField("name", pascalCase(rule.id()));
            text(json, "shortDescription", printable(rule.title()));
            if (!rule.purpose().isEmpty()) {
                text(json, "fullDescription", printable(rule.purpose()));
            }
            String explain = "Run `backstop explain " + printable(rule.id())
                    + "` for the rule's severity and settings under your policy.";
            json.writeObjectFieldStart("help");
            json.writeStringField("text", rule.purpose().isEmpty() ? explain : printable(rule.purpose()) + "\n\n" + explain);
            json.writeStringField("markdown", "**" + TextEscapes.markdown(rule.title()) + "**\n\n"
                    + (rule.purpose().isEmpty() ? "" : TextEscapes.markdown(rule.purpose()) + "\n\n") + explain);
            json.writeEndObject();
            json.writeObjectFieldStart("properties");
            json.writeArrayFieldStart("tags");
            json.writeString("terraform");
            json.writeString("backstop");
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeInvocation(JsonGenerator json, CheckReport report) throws IOException {
        json.writeArrayFieldStart("invocations");
        json.writeStartObject();
        json.writeBooleanField("executionSuccessful", report.verdict() != Verdict.ERROR);
        json.writeNumberField("exitCode", report.verdict().exitCode());
        if (report.error() != null) {
            json.writeArrayFieldStart("toolExecutionNotifications");
            json.writeStartObject();
            json.writeStringField("level", "error");
            text(json, "message", printable(report.error()));
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeEndArray();
    }

    private void writeResult(JsonGenerator json, CheckReport report, Finding finding, int ruleIndex, String key)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("ruleId", finding.rule());
        json.writeNumberField("ruleIndex", ruleIndex);
        json.writeStringField("level", level(report.level(finding)));
        String remedy = finding.remedy() == null ? "" : " Safer: " + finding.remedy();
        text(json, "message", printable(FindingText.subject(finding) + ": " + finding.message() + remedy));
        Optional<SourceLocation> source = context.locator().locate(finding);
        if (source.isPresent() || finding.address() != null) {
            json.writeArrayFieldStart("locations");
            json.writeStartObject();
            if (source.isPresent()) {
                json.writeObjectFieldStart("physicalLocation");
                json.writeObjectFieldStart("artifactLocation");
                String uri = uri(source.get().path());
                json.writeStringField("uri", uri);
                if (!uri.startsWith("file:")) {
                    json.writeStringField("uriBaseId", "%SRCROOT%");
                }
                json.writeEndObject();
                json.writeObjectFieldStart("region");
                json.writeNumberField("startLine", source.get().line());
                json.writeEndObject();
                json.writeEndObject();
            }
            if (finding.address() != null) {
                json.writeArrayFieldStart("logicalLocations");
                json.writeStartObject();
                json.writeStringField("fullyQualifiedName", finding.address());
                json.writeStringField("kind", "resource");
                json.writeEndObject();
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeObjectFieldStart("partialFingerprints");
        json.writeStringField(FINGERPRINT_KEY, key);
        json.writeEndObject();
        if (finding.exemption() != null) {
            json.writeArrayFieldStart("suppressions");
            json.writeStartObject();
            json.writeStringField("kind", "external");
            json.writeStringField("status", "accepted");
            json.writeStringField("justification", printable(finding.exemption()));
            json.writeEndObject();
            json.writeEndArray();
        }
        writeFindingProperties(json, report, finding, source);
        json.writeEndObject();
    }

    private static void writeFindingProperties(JsonGenerator json, CheckReport report, Finding finding,
            Optional<SourceLocation> source) throws IOException {
        json.writeObjectFieldStart("properties");
        json.writeStringField("severity", finding.severity().label());
        json.writeBooleanField("blocking", report.isBlocking(finding));
        json.writeBooleanField("denied", finding.denied());
        json.writeArrayFieldStart("actions");
        for (String action : finding.actions()) {
            json.writeString(action);
        }
        json.writeEndArray();
        if (finding.reason() != null) {
            json.writeStringField("reason", finding.reason());
        }
        if (!finding.replacePaths().isEmpty()) {
            json.writeArrayFieldStart("replacePaths");
            for (String path : finding.replacePaths()) {
                json.writeString(path);
            }
            json.writeEndArray();
        }
        if (finding.remedy() != null) {
            json.writeStringField("remedy", finding.remedy());
        }
        if (finding.environment() != null) {
            json.writeStringField("environment", finding.environment());
        }
        if (source.isPresent()) {
            json.writeBooleanField("locationExact", source.get().exact());
        }
        json.writeEndObject();
    }

    private static void writeRunProperties(JsonGenerator json, CheckReport report) throws IOException {
        json.writeObjectFieldStart("properties");
        json.writeStringField("verdict", report.verdict().label());
        json.writeNumberField("exitCode", report.verdict().exitCode());
        if (report.fingerprint() != null) {
            json.writeStringField("planFingerprint", report.fingerprint());
        }
        if (report.blocking() != null) {
            json.writeStringField("blockingSeverity", report.blocking().label());
        }
        if (report.error() != null) {
            json.writeStringField("error", printable(report.error()));
        }
        json.writeEndObject();
    }

    static String level(FindingLevel level) {
        switch (level) {
            case BLOCKING: return "error";
            case ADVISORY: return "warning";
            default: return "note";
        }
    }

    private static void text(JsonGenerator json, String field, String text) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("text", text);
        json.writeEndObject();
    }

    /** {@code stateful-destroy} → {@code StatefulDestroy}: SARIF's rule name is an identifier. */
    private static String pascalCase(String id) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : id.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return name.length() == 0 ? id : name.toString();
    }

    /**
     * A path as a URI reference: relative paths stay relative (to the repository root, {@code %SRCROOT%}, which is
     * where code scanning resolves them), absolute ones become {@code file:} URIs; anything outside the unreserved
     * and path characters is percent-encoded as UTF-8.
     */
    static String uri(String path) {
        boolean absolute = path.startsWith("/") || path.matches("^[A-Za-z]:/.*");
        StringBuilder uri = new StringBuilder(absolute ? (path.startsWith("/") ? "file://" : "file:///") : "");
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/!$&'()*+,;=@".indexOf(c) >= 0 || (c == ':' && absolute);
            if (plain) {
                uri.append((char) c);
            } else {
                uri.append('%').append(String.format("%02X", c));
            }
        }
        return uri.toString();
    }
}
