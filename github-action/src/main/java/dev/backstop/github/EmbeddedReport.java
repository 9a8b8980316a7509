package dev.backstop.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.JsonReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The checked plan's report, kept in the check run so that a review or a comment can be re-evaluated without the
 * plan: the JSON report (schema {@value CheckReport#SCHEMA}, which holds no attribute values), gzipped and base64
 * encoded, inside an HTML comment at the end of the check run's {@code output.text}, where GitHub shows nothing
 * of it. Base64 cannot end the comment early, whatever the plan's addresses hold.
 *
 * <p>The check run's {@code external_id} holds the fingerprint; {@link #decode} returns the report only when the
 * block is intact, and the caller checks that both fingerprints agree. When the full report does not fit the room
 * left in the text, a slim one without the findings' explanations is kept (re-evaluation needs only rules,
 * severities, addresses and environments; the summary then points at the first run for the details); when even
 * that does not fit, nothing is kept and re-evaluation needs the plan again ({@code --plan}).
 */
public final class EmbeddedReport {
    static final String OPEN = "<!-- backstop:report-data v1 (gzip, base64 of the JSON report; read by backstop github"
            + " check to re-evaluate approvals)\n";
    static final String CLOSE = "-->";
    static final String SLIM_MESSAGE = "(details are in the first run of this check for this plan)";
    private static final Pattern BLOCK = Pattern.compile("<!-- backstop:report-data v1 [^\\n]*\\n([A-Za-z0-9+/=\\n]+)-->");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DECODED = 16 * 1024 * 1024;

    private EmbeddedReport() {
    }

    /** The block for {@code report} (its approvals left out) within {@code budget} characters, or empty. */
    public static Optional<String> encode(CheckReport report, int budget) {
        if (report.fingerprint() == null) {
            return Optional.empty();
        }
        CheckReport plain = withoutApprovals(report);
        String full = block(plain);
        if (full.length() <= budget) {
            return Optional.of(full);
        }
        String slim = block(slim(plain));
        return slim.length() <= budget ? Optional.of(slim) : Optional.empty();
    }

    /** The report kept in a check run's text, or empty when there is none or it is damaged. */
    public static Optional<CheckReport> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher block = BLOCK.matcher(text);
        if (!block.find()) {
            return Optional.empty();
        }
        try {
            byte[] gzipped = Base64.getMimeDecoder().decode(block.group(1));
            byte[] json;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                json = in.readNBytes(MAX_DECODED + 1);
            }
            if (json.length > MAX_DECODED) {
                return Optional.empty();
            }
            return Optional.of(read(JSON.readTree(json)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String block(CheckReport report) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        JsonReport.write(report, json);
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(json.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(gzipped.toByteArray());
        return OPEN + base64 + "\n" + CLOSE;
    }

    private static CheckReport withoutApprovals(CheckReport r) {
        return new CheckReport(r.verdict(), r.fingerprint(), r.terraformVersion(), r.formatVersion(), r.complete(),
                r.blocking(), r.summary(), r.findings(), r.notes(), r.policy(), null, r.error());
    }

    private static CheckReport slim(CheckReport r) {
        List<Finding> findings = r.findings().stream().map(f -> new Finding(f.rule(), f.severity(), f.address(),
                f.type(), f.actions(), SLIM_MESSAGE, f.reason(), List.of(), null, f.denied(), f.environment(),
                f.exemption() == null ? null : "exempted")).toList();
        return new CheckReport(r.verdict(), r.fingerprint(), r.terraformVersion(), r.formatVersion(), r.complete(),
                r.blocking(), r.summary(), findings, r.notes(), r.policy(), null, r.error());
    }

    private static CheckReport read(JsonNode root) {
        if (!CheckReport.SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("not a " + CheckReport.SCHEMA + " report");
        }
        Verdict verdict = Verdict.valueOf(root.path("verdict").asText().toUpperCase(Locale.ROOT));
        Map<String, Long> summary = new LinkedHashMap<>();
        root.path("summary").fields().forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asLong()));
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : root.path("findings")) {
            findings.add(new Finding(f.path("rule").asText(), Severity.parse(f.path("severity").asText()),
                    text(f, "address"), text(f, "type"), strings(f.path("actions")), f.path("message").asText(),
                    text(f, "reason"), strings(f.path("replace_paths")), text(f, "remedy"),
                    f.path("denied").asBoolean(), text(f, "environment"), text(f, "exemption")));
        }
        JsonNode complete = root.path("complete");
        return new CheckReport(verdict, text(root, "fingerprint"), text(root, "terraform_version"),
                text(root, "format_version"), complete.isBoolean() ? complete.asBoolean() : null,
                Severity.parse(root.path("blocking_severity").asText()), summary, findings,
                strings(root.path("notes")), text(root, "policy"), null, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
