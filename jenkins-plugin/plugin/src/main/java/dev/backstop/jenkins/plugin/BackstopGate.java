package dev.backstop.jenkins.plugin;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ApprovalFile;
import dev.backstop.core.approval.ApprovalVerifier;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.audit.AuditEntry;
import dev.backstop.core.audit.AuditLog;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ReportContext;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.report.ReportWriters;
import dev.backstop.core.report.RuleDescriptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the plugin decides, delegated to backstop-core and free of Jenkins types, in the way warnings-ng keeps
 * its logic in analysis-model: check a plan file, review approvals under the policy, render reports, append to the
 * audit log. The Jenkins classes only move files and people's identities in and out.
 */
final class BackstopGate {
    /** The reports a check writes into the workspace, by file name. */
    static final Map<String, ReportFormat> REPORTS = reports();

    private final Policy policy;
    private final String workspace;
    private final Clock clock;

    BackstopGate(Policy policy, String workspace, Clock clock) {
        this.policy = policy;
        this.workspace = workspace;
        this.clock = clock;
    }

    private static Map<String, ReportFormat> reports() {
        Map<String, ReportFormat> reports = new LinkedHashMap<>();
        reports.put("backstop-report.json", ReportFormat.JSON);
        reports.put("backstop-issues.json", ReportFormat.NATIVE);
        reports.put("TEST-backstop.xml", ReportFormat.JUNIT);
        reports.put("backstop.md", ReportFormat.MARKDOWN);
        reports.put("backstop.txt", ReportFormat.TEXT);
        return reports;
    }

    /** The policy in {@code text} (from the workspace), or the built-in one when there is none. */
    static Policy policy(String name, String text) {
        return text == null ? Policy.builtIn() : Policy.parse(name, text);
    }

    /**
     * Checks a plan JSON file that lies on this machine. A binary plan is refused: converting it would run
     * terraform on the Jenkins controller.
     */
    CheckReport check(Path planFile) {
        try (InputStream in = Files.newInputStream(planFile)) {
            byte[] head = in.readNBytes(2);
            if (head.length == 2 && head[0] == 'P' && head[1] == 'K') {
                throw new BackstopException("the plan is a binary plan file; give the JSON of `terraform show -json"
                        + " PLANFILE` (the plugin never runs terraform on the Jenkins controller)");
            }
        } catch (IOException e) {
            throw new BackstopException("cannot read the plan: " + e.getMessage(), e);
        }
        PlanConverter never = new PlanConverter(List.of("false"), Duration.ofSeconds(1));
        return new PlanCheck(policy, workspace, clock).run(PlanSource.file(planFile), never);
    }

    /**
     * The report with the approvals reviewed: signed approval files (with their allowed signers) and approvals a
     * person gave on the build page, under the policy's rules for every channel (author never counts, max_age,
     * each person once, approver groups).
     */
    CheckReport review(CheckReport report, String author, List<ApprovalFile.Loaded> signed, String allowedSigners,
            List<ChannelApproval> given) {
        if (signed.isEmpty() && given.isEmpty()) {
            return report;
        }
        AllowedSigners signers = AllowedSigners.parse(allowedSigners == null ? "" : allowedSigners, "allowed signers");
        return report.withApprovals(new ApprovalVerifier(policy, signers, RevokedKeys.none(), author, clock)
                .review(report, signed, given));
    }

    /** One report, rendered. */
    byte[] render(ReportFormat format, CheckReport report, String toolVersion) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriters.of(format, new ReportContext(RuleDescriptions.of(policy),
                dev.backstop.core.report.ResourceLocator.NONE, toolVersion, false)).write(report, out);
        return out.toByteArray();
    }

    /** Appends the decision to the hash-chained audit log. */
    void audit(Path log, CheckReport report, String toolVersion, String actor, String detail) {
        AuditLog.append(log, AuditEntry.of("check", report, clock.instant(), toolVersion, workspace, actor, detail));
    }

    /** The verdict in one line: "APPROVAL REQUIRED - 2 findings at medium or above need ...", with any error. */
    static String summary(CheckReport report) {
        return dev.backstop.core.report.FindingText.verdict(report) + " - "
                + dev.backstop.core.report.FindingText.verdictReason(report)
                + (report.error() == null ? "" : ": " + report.error());
    }

    /** What the Pipeline step returns: plain values a script may read. */
    static Map<String, Object> result(CheckReport report) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("verdict", report.verdict().label());
        result.put("exitCode", report.verdict().exitCode());
        result.put("fingerprint", report.fingerprint());
        result.put("approved", report.isApproved());
        result.put("approvedBy", report.approvals() == null ? List.of()
                : report.approvals().accepted().stream().map(a -> a.principal()).toList());
        return result;
    }
}
