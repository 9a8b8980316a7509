package dev.backstop.jenkins.plugin;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ApprovalFile;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.policy.PolicyFiles;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ReportFormat;
import hudson.AbortException;
import hudson.FilePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * One check of a plan in a build's workspace: the plan (and policy, and any signed approvals) are copied to the
 * controller, judged by {@link BackstopGate}, the reports are written back into the workspace, and the decision is
 * appended to the controller's audit log, where build scripts cannot edit it.
 */
final class WorkspaceCheck {
    static final String TOOL = "backstop-jenkins-plugin";

    private final String plan;
    private final String policy;
    private final String terraformWorkspace;

    WorkspaceCheck(String plan, String policy, String terraformWorkspace) {
        this.plan = plan;
        this.policy = policy;
        this.terraformWorkspace = terraformWorkspace;
    }

    /** {@code $JENKINS_HOME/backstop/audit.jsonl}: one hash-chained log for every build of this controller. */
    static Path auditLog() {
        return Jenkins.get().getRootDir().toPath().resolve("backstop").resolve("audit.jsonl");
    }

    /**
     * @param author         the build's starter as a principal ({@code jenkins:ID}), never counted as an approver
     * @param given          approvals given on the build page
     * @param approvalsDir   a workspace directory of signed approval files, or null
     * @param allowedSigners the workspace's allowed signers file for them, or null
     */
    CheckReport run(FilePath workspace, String author, List<ChannelApproval> given, String approvalsDir,
            String allowedSigners, String detail) throws IOException, InterruptedException {
        Path local = Files.createTempDirectory("backstop-check");
        CheckReport report;
        BackstopGate gate = null;
        try {
            String policyName = policy == null ? PolicyFiles.FILE_NAME : policy;
            String policyText = readOrNull(workspace, policyName);
            if (policy != null && policyText == null) {
                throw new AbortException("the policy " + policy + " does not exist in the workspace");
            }
            try {
                gate = new BackstopGate(BackstopGate.policy(policyName, policyText), terraformWorkspace,
                        Clock.systemUTC());
                report = gate.check(fetch(workspace, plan, local.resolve("plan.json")));
                List<ApprovalFile.Loaded> signed = new ArrayList<>();
                if (approvalsDir != null) {
                    FilePath dir = workspace.child(approvalsDir);
                    dir.copyRecursiveTo("*.json", new FilePath(local.resolve("approvals").toFile()));
                    signed.addAll(ApprovalFile.load(local.resolve("approvals")));
                }
                report = gate.review(report, author, signed, allowedSigners == null ? null
                        : readOrNull(workspace, allowedSigners), given);
            } catch (BackstopException e) {
                report = CheckReport.error(e.getMessage());
            }
        } finally {
            new FilePath(local.toFile()).deleteRecursive();
        }
        BackstopGate writer = gate != null ? gate : new BackstopGate(BackstopGate.policy("built-in", null),
                terraformWorkspace, Clock.systemUTC());
        for (Map.Entry<String, ReportFormat> target : BackstopGate.REPORTS.entrySet()) {
            workspace.child(target.getKey()).copyFrom(new ByteArrayInputStream(
                    writer.render(target.getValue(), report, TOOL)));
        }
        writer.audit(auditLog(), report, TOOL, author, detail);
        return report;
    }

    private static Path fetch(FilePath workspace, String relative, Path target)
            throws IOException, InterruptedException {
        FilePath source = workspace.child(relative);
        if (!source.exists()) {
            throw new BackstopException("the plan " + relative + " does not exist in the workspace");
        }
        source.copyTo(new FilePath(target.toFile()));
        return target;
    }

    private static String readOrNull(FilePath workspace, String relative) throws IOException, InterruptedException {
        FilePath file = workspace.child(relative);
        return file.exists() ? file.readToString() : null;
    }
}
