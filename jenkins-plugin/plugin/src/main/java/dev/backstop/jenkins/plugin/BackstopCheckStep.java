package dev.backstop.jenkins.plugin;

import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.console.HyperlinkNote;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code backstopCheck(plan: 'plan.json', approvers: 'ops-leads')}: checks a plan in the workspace; when it needs
 * approval the build pauses until the approvers have approved it on the build's Backstop page. Returns
 * {@code [verdict, exitCode, fingerprint, approved, approvedBy]}. A denial, an error, or a plan that changed while
 * it waited fails the step.
 */
public final class BackstopCheckStep extends Step {
    private String plan;
    private String policy;
    private String approvers;
    private String terraformWorkspace;

    @DataBoundConstructor
    public BackstopCheckStep() {
        // every setting is optional in the constructor; plan is checked when the step starts
    }

    public String getPlan() {
        return plan;
    }

    /** The plan JSON (`terraform show -json PLANFILE`), relative to the workspace. */
    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    public String getPolicy() {
        return policy;
    }

    /** The policy file in the workspace (default: .backstop.yml when present, else the built-in policy). */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Util.fixEmptyAndTrim(policy);
    }

    public String getApprovers() {
        return approvers;
    }

    /** Jenkins user ids and groups, comma-separated, who may approve on the build page. */
    @DataBoundSetter
    public void setApprovers(String approvers) {
        this.approvers = Util.fixEmptyAndTrim(approvers);
    }

    public String getTerraformWorkspace() {
        return terraformWorkspace;
    }

    /** The Terraform workspace the plan is for, matched by the policy's environments. */
    @DataBoundSetter
    public void setTerraformWorkspace(String terraformWorkspace) {
        this.terraformWorkspace = Util.fixEmptyAndTrim(terraformWorkspace);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** The user who started the build, or null (a timer, an SCM change, an upstream build). */
    static String starter(Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        return cause == null ? null : cause.getUserId();
    }

    /**
     * Checks in a background thread (never on the CPS VM thread); when approval is required, leaves the step
     * running: {@link #approve} (from the build page) completes it.
     */
    public static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String id = UUID.randomUUID().toString();
        private final String plan;
        private final String policy;
        private final String approvers;
        private final String terraformWorkspace;
        private String starter;
        private String fingerprint;
        private String actionUrl;
        private final List<GivenApproval> approvals = new ArrayList<>();

        Execution(BackstopCheckStep step, StepContext context) {
            super(context);
            this.plan = step.plan;
            this.policy = step.policy;
            this.approvers = step.approvers;
            this.terraformWorkspace = step.terraformWorkspace;
        }

        /** An approval given on the build page, kept with the paused step (it survives a restart). */
        private static final class GivenApproval implements Serializable {
            private static final long serialVersionUID = 1L;
            private final String principal;
            private final Instant at;
            private final ArrayList<String> groups;
            private final String source;

            GivenApproval(String principal, Instant at, Set<String> groups, String source) {
                this.principal = principal;
                this.at = at;
                this.groups = new ArrayList<>(groups);
                this.source = source;
            }

            ChannelApproval toChannelApproval() {
                return new ChannelApproval(principal, "jenkins-approve", source, at, Set.copyOf(groups));
            }
        }

        String id() {
            return id;
        }

        @Override
        public boolean start() throws Exception {
            if (plan == null) {
                throw new AbortException("backstopCheck: plan is required, e.g. backstopCheck(plan: 'plan.json',"
                        + " approvers: 'ops-leads')");
            }
            run(this::firstCheck);
            return false;
        }

        private void firstCheck() throws Exception {
            ContextFacade context = new ContextFacade(getContext());
            Run<?, ?> run = context.run();
            starter = BackstopCheckStep.starter(run);
            long earlier = run.getActions(BackstopAction.class).size();
            BackstopAction action = new BackstopAction(earlier == 0 ? "backstop" : "backstop-" + (earlier + 1), id,
                    approvers, starter);
            run.addAction(action);
            actionUrl = run.getUrl() + action.getUrlName() + "/";
            CheckReport report = check(context, null);
            switch (report.verdict()) {
                case ALLOW:
                    action.record(report, BackstopAction.Status.ALLOWED);
                    context.log(report.verdict().label() + ": nothing needs sign-off; plan " + report.fingerprint());
                    getContext().onSuccess(BackstopGate.result(report));
                    break;
                case APPROVAL_REQUIRED:
                    if (approvers == null) {
                        action.record(report, BackstopAction.Status.ERROR);
                        throw new AbortException("backstopCheck: the plan needs approval, and the step names no"
                                + " approvers (approvers: 'user,group')");
                    }
                    fingerprint = report.fingerprint();
                    action.record(report, BackstopAction.Status.WAITING);
                    context.log("approval required for plan " + fingerprint + ": waiting for one of " + approvers
                            + (starter == null ? "" : " (not " + starter + ", who started this build)") + " at "
                            + HyperlinkNote.encodeTo("/" + actionUrl, "the Backstop page"));
                    break;
                default:
                    action.record(report, report.verdict() == Verdict.DENY ? BackstopAction.Status.DENIED
                            : BackstopAction.Status.ERROR);
                    throw new AbortException("backstopCheck: " + BackstopGate.summary(report));
            }
        }

        /**
         * Records {@code userId}'s approval of the waiting plan, checks the plan again with every approval given so
         * far, and completes the step when the policy is satisfied. Called from the approve request; the caller has
         * established that the user is an approver and did not start the build.
         */
        synchronized void approve(String userId, Set<String> groups, String source)
                throws IOException, InterruptedException {
            ContextFacade context = new ContextFacade(getContext());
            BackstopAction action = action(context.run());
            if (action == null || action.getStatus() != BackstopAction.Status.WAITING) {
                return;
            }
            approvals.add(new GivenApproval("jenkins:" + userId, Instant.now(), groups, source));
            context.log(userId + " approved plan " + fingerprint);
            CheckReport report = check(context, "approved by jenkins:" + userId);
            if (report.error() != null || !fingerprint.equals(report.fingerprint())) {
                action.record(report, BackstopAction.Status.ERROR);
                getContext().onFailure(new AbortException("backstopCheck: the plan changed while it waited for"
                        + " approval (approved " + fingerprint + ", now "
                        + (report.error() == null ? report.fingerprint() : "unreadable: " + report.error())
                        + "); nothing was approved"));
                return;
            }
            switch (report.verdict()) {
                case ALLOW:
                    action.record(report, BackstopAction.Status.APPROVED);
                    context.log(BackstopGate.summary(report));
                    getContext().onSuccess(BackstopGate.result(report));
                    break;
                case APPROVAL_REQUIRED:
                    action.record(report, BackstopAction.Status.WAITING);
                    context.log("still waiting: " + String.join("; ", report.approvals() == null ? List.of()
                            : report.approvals().missing()));
                    break;
                default:
                    action.record(report, BackstopAction.Status.DENIED);
                    getContext().onFailure(new AbortException("backstopCheck: " + BackstopGate.summary(report)));
            }
        }

        private CheckReport check(ContextFacade context, String detail) throws IOException, InterruptedException {
            FilePath workspace = context.workspace();
            List<ChannelApproval> given = approvals.stream().map(GivenApproval::toChannelApproval).toList();
            return new WorkspaceCheck(plan, policy, terraformWorkspace).run(workspace,
                    starter == null ? null : "jenkins:" + starter, given, null, null, detail);
        }

        private BackstopAction action(Run<?, ?> run) {
            return run.getActions(BackstopAction.class).stream().filter(a -> id.equals(a.executionId()))
                    .findFirst().orElse(null);
        }

        @Override
        public void stop(Throwable cause) throws Exception {
            try {
                BackstopAction action = action(getContext().get(Run.class));
                if (action != null) {
                    action.stopped();
                }
            } finally {
                super.stop(cause);
            }
        }

        @Override
        public String getStatus() {
            return fingerprint == null ? super.getStatus() : "waiting for approval of plan " + fingerprint;
        }
    }

    @Extension
    @Symbol("backstopCheck")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        @Override
        public String getFunctionName() {
            return "backstopCheck";
        }

        @Override
        public String getDisplayName() {
            return "Backstop: check a Terraform plan and wait for approval";
        }
    }
}
