package dev.backstop.core.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backstop.core.plan.PlanJson;
import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.rules.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Writes the JSON report, schema {@value CheckReport#SCHEMA}, documented field by field in docs/report-schema.md. */
public final class JsonReport {
    private JsonReport() {
    }

    public static void write(CheckReport report, OutputStream out) {
        try (JsonGenerator json = PlanJson.prettyGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("schema", CheckReport.SCHEMA);
            json.writeStringField("verdict", report.verdict().label());
            json.writeNumberField("exit_code", report.verdict().exitCode());
            if (report.error() != null) {
                json.writeStringField("error", report.error());
                json.writeEndObject();
                json.writeRaw('\n');
                return;
            }
            json.writeStringField("fingerprint", report.fingerprint());
            json.writeStringField("terraform_version", report.terraformVersion());
            json.writeStringField("format_version", report.formatVersion());
            if (report.complete() == null) {
                json.writeNullField("complete");
            } else {
                json.writeBooleanField("complete", report.complete());
            }
            json.writeStringField("policy", report.policy());
            json.writeStringField("blocking_severity", report.blocking().label());
            json.writeObjectFieldStart("summary");
            for (Map.Entry<String, Long> count : report.summary().entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("findings");
            for (Finding finding : report.findings()) {
                writeFinding(json, finding, report.isBlocking(finding));
            }
            json.writeEndArray();
            writeStrings(json, "notes", report.notes());
            if (report.approvals() != null) {
                writeApprovals(json, report.approvals());
            }
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFinding(JsonGenerator json, Finding finding, boolean blocking) throws IOException {
        json.writeStartObject();
        json.writeStringField("rule", finding.rule());
        json.writeStringField("severity", finding.severity().label());
        json.writeBooleanField("blocking", blocking);
        json.writeBooleanField("denied", finding.denied());
        json.writeStringField("address", finding.address());
        json.writeStringField("type", finding.type());
        writeStrings(json, "actions", finding.actions());
        json.writeStringField("message", finding.message());
        json.writeStringField("reason", finding.reason());
        writeStrings(json, "replace_paths", finding.replacePaths());
        json.writeStringField("remedy", finding.remedy());
        json.writeStringField("environment", finding.environment());
        json.writeStringField("exemption", finding.exemption());
        json.writeEndObject();
    }

    private static void writeApprovals(JsonGenerator json, ApprovalReview review) throws IOException {
        json.writeObjectFieldStart("approvals");
        json.writeBooleanField("satisfied", review.satisfied());
        json.writeArrayFieldStart("requirements");
        for (ApprovalReview.Requirement requirement : review.requirements()) {
            json.writeStartObject();
            json.writeStringField("severity", requirement.severity().label());
            json.writeStringField("environment", requirement.environment());
            json.writeNumberField("needed", requirement.needed());
            writeStrings(json, "from", requirement.from());
            writeStrings(json, "approved_by", requirement.approvedBy());
            json.writeBooleanField("met", requirement.isMet());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("accepted");
        for (ApprovalReview.Accepted accepted : review.accepted()) {
            json.writeStartObject();
            json.writeStringField("principal", accepted.principal());
            json.writeStringField("key", accepted.keyFingerprint());
            json.writeStringField("source", accepted.source());
            json.writeStringField("channel", accepted.channel());
            json.writeStringField("created", accepted.created().toString());
            json.writeStringField("expires", accepted.expires() == null ? null : accepted.expires().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("rejected");
        for (ApprovalReview.Rejected rejected : review.rejected()) {
            json.writeStartObject();
            json.writeStringField("source", rejected.source());
            json.writeStringField("principal", rejected.principal());
            json.writeStringField("reason", rejected.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeStrings(JsonGenerator json, String field, List<String> values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
