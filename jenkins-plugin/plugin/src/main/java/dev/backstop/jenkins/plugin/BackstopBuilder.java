package dev.backstop.jenkins.plugin;

import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import java.io.IOException;
import java.util.List;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle build step: checks a plan in the workspace and fails the build unless Backstop allows it. A
 * freestyle build cannot pause, so approvals come as signed approval files (`backstop approve`) with an allowed
 * signers file; the build page lists the findings either way.
 */
public final class BackstopBuilder extends Builder implements SimpleBuildStep {
    private String plan;
    private String policy;
    private String terraformWorkspace;
    private String approvals;
    private String allowedSigners;

    @DataBoundConstructor
    public BackstopBuilder() {
        // every setting is a setter
    }

    public String getPlan() {
        return plan;
    }

    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    public String getTerraformWorkspace() {
        return terraformWorkspace;
    }

    @DataBoundSetter
    public void setTerraformWorkspace(String terraformWorkspace) {
        this.terraformWorkspace = Util.fixEmptyAndTrim(terraformWorkspace);
    }

    public String getApprovals() {
        return approvals;
    }

    /** A workspace directory of signed approval files. */
    @DataBoundSetter
    public void setApprovals(String approvals) {
        this.approvals = Util.fixEmptyAndTrim(approvals);
    }

    public String getAllowedSigners() {
        return allowedSigners;
    }

    /** The allowed signers file for those approvals, in the workspace. */
    @DataBoundSetter
    public void setAllowedSigners(String allowedSigners) {
        this.allowedSigners = Util.fixEmptyAndTrim(allowedSigners);
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull FilePath workspace, @NonNull EnvVars env,
            @NonNull Launcher launcher, @NonNull TaskListener listener) throws InterruptedException, IOException {
        if (plan == null) {
            throw new AbortException("Backstop: no plan configured");
        }
        if (approvals != null && allowedSigners == null) {
            throw new AbortException("Backstop: signed approvals need an allowed signers file");
        }
        String starter = BackstopCheckStep.starter(run);
        long earlier = run.getActions(BackstopAction.class).size();
        BackstopAction action = new BackstopAction(earlier == 0 ? "backstop" : "backstop-" + (earlier + 1), null,
                null, starter);
        run.addAction(action);
        CheckReport report = new WorkspaceCheck(env.expand(plan), policy == null ? null : env.expand(policy),
                terraformWorkspace == null ? null : env.expand(terraformWorkspace)).run(workspace,
                starter == null ? null : "jenkins:" + starter, List.of(), approvals, allowedSigners, null);
        listener.getLogger().println("[Backstop] " + BackstopGate.summary(report));
        switch (report.verdict()) {
            case ALLOW:
                action.record(report, report.isApproved() ? BackstopAction.Status.APPROVED
                        : BackstopAction.Status.ALLOWED);
                return;
            case APPROVAL_REQUIRED:
                action.record(report, BackstopAction.Status.ERROR);
                throw new AbortException("Backstop: approval required; sign approvals with `backstop approve` or"
                        + " use the Pipeline step, which waits for approval on the build page");
            default:
                action.record(report, report.verdict() == Verdict.DENY ? BackstopAction.Status.DENIED
                        : BackstopAction.Status.ERROR);
                throw new AbortException("Backstop: " + BackstopGate.summary(report));
        }
    }

    @Extension
    @Symbol("backstop")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Backstop: check a Terraform plan";
        }
    }
}
