package dev.backstop.core.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.plan.PlanJson;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import java.time.Instant;

/**
 * Builds the audit entry for one decision: what was decided about which exact plan, on which findings, with whose
 * approvals, by which tool. Holds no attribute values (the report has none).
 */
public final class AuditEntry {
    private AuditEntry() {
    }

    /**
     * @param event  {@code check}, {@code apply}, {@code confirm}...
     * @param actor  who ran it (the author, or the user at the terminal), or null
     * @param detail a free-text note (e.g. who confirmed at the terminal), or null
     */
    public static ObjectNode of(String event, CheckReport report, Instant at, String tool, String workspace,
            String actor, String detail) {
        ObjectNode entry = PlanJson.mapper().createObjectNode();
        entry.put("time", at.toString());
        entry.put("event", event);
        entry.put("tool", tool);
        entry.put("fingerprint", report.fingerprint());
        entry.put("verdict", report.verdict().label());
        entry.put("approved", report.isApproved());
        if (report.error() != null) {
            entry.put("error", report.error());
        }
        entry.put("workspace", workspace);
        entry.put("policy", report.policy());
        entry.put("actor", actor);
        if (detail != null) {
            entry.put("detail", detail);
        }
        ArrayNode findings = entry.putArray("findings");
        for (Finding finding : report.findings()) {
            ObjectNode item = findings.addObject();
            item.put("rule", finding.rule());
            item.put("severity", finding.severity().label());
            item.put("address", finding.address());
            item.put("blocking", report.isBlocking(finding));
            if (finding.denied()) {
                item.put("denied", true);
            }
        }
        ApprovalReview review = report.approvals();
        if (review != null) {
            ObjectNode approvals = entry.putObject("approvals");
            approvals.put("satisfied", review.satisfied());
            ArrayNode accepted = approvals.putArray("accepted");
            for (ApprovalReview.Accepted approval : review.accepted()) {
                accepted.addObject().put("principal", approval.principal()).put("key", approval.keyFingerprint())
                        .put("channel", approval.channel()).put("source", approval.source());
            }
            ArrayNode rejected = approvals.putArray("rejected");
            for (ApprovalReview.Rejected approval : review.rejected()) {
                rejected.addObject().put("source", approval.source()).put("principal", approval.principal())
                        .put("reason", approval.reason());
            }
        }
        return entry;
    }
}
