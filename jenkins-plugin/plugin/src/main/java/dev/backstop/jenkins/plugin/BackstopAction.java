package dev.backstop.jenkins.plugin;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.FindingText;
import dev.backstop.core.rules.Finding;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.SecurityRealm;
import hudson.util.HttpResponses;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The build's Backstop page: the verdict, the plan fingerprint and the findings of one check, and, while a Pipeline
 * waits for approval, an approve button. Approving is a POST (Jenkins checks its CSRF crumb), allowed only to the
 * step's approvers and never to the user who started the build; the approval is recorded with the approver and the
 * fingerprint and the paused step goes on once the policy's approvers are complete.
 *
 * <p>Holds only plain values, so it is saved with the build and shown after a restart.
 */
public final class BackstopAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(BackstopAction.class.getName());

    /** Where the check stands. */
    public enum Status { ALLOWED, WAITING, APPROVED, DENIED, ERROR, STOPPED }

    private final String urlName;
    /** Ties this page to the paused step execution; null for a freestyle build. */
    private final String executionId;
    private final String approvers;
    private final String starter;
    private Status status;
    private String verdict;
    private String reason;
    private String fingerprint;
    private List<Row> findings = new ArrayList<>();
    private List<String> approvedBy = new ArrayList<>();
    private List<String> missing = new ArrayList<>();
    private List<String> rejected = new ArrayList<>();
    private transient Run<?, ?> run;

    BackstopAction(String urlName, String executionId, String approvers, String starter) {
        this.urlName = urlName;
        this.executionId = executionId;
        this.approvers = approvers;
        this.starter = starter;
    }

    /** A finding as the page shows it. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String level;
        private final String action;
        private final String address;
        private final String rule;
        private final String message;
        private final boolean blocking;

        Row(String level, String action, String address, String rule, String message, boolean blocking) {
            this.level = level;
            this.action = action;
            this.address = address;
            this.rule = rule;
            this.message = message;
            this.blocking = blocking;
        }

        public String getLevel() {
            return level;
        }

        public String getAction() {
            return action;
        }

        public String getAddress() {
            return address;
        }

        public String getRule() {
            return rule;
        }

        public String getMessage() {
            return message;
        }

        public boolean isBlocking() {
            return blocking;
        }
    }

    String executionId() {
        return executionId;
    }

    /** Takes what the report says; the status follows the verdict unless the caller knows better. */
    synchronized void record(CheckReport report, Status newStatus) throws IOException {
        status = newStatus;
        verdict = FindingText.verdict(report);
        reason = FindingText.verdictReason(report);
        fingerprint = report.fingerprint();
        findings = new ArrayList<>();
        for (Finding finding : report.findings()) {
            findings.add(new Row(FindingText.level(finding) + " (" + FindingText.consequence(report, finding) + ")",
                    FindingText.action(finding), FindingText.subject(finding), finding.rule(), finding.message(),
                    report.isBlocking(finding)));
        }
        ApprovalReview review = report.approvals();
        approvedBy = review == null ? new ArrayList<>()
                : new ArrayList<>(review.accepted().stream().map(ApprovalReview.Accepted::principal).toList());
        missing = review == null ? new ArrayList<>() : new ArrayList<>(review.missing());
        rejected = review == null ? new ArrayList<>() : new ArrayList<>(review.rejected().stream()
                .map(r -> (r.principal() == null ? r.source() : r.principal()) + ": " + r.reason()).toList());
        if (run != null) {
            run.save();
        }
    }

    synchronized void stopped() throws IOException {
        if (status == Status.WAITING) {
            status = Status.STOPPED;
            if (run != null) {
                run.save();
            }
        }
    }

    /** Why the current user may not approve now, or null when they may (the page shows the button then). */
    public String getApprovalProblem() {
        if (status != Status.WAITING) {
            return "this plan is not waiting for approval";
        }
        Authentication authentication = Jenkins.getAuthentication2();
        User user = User.current();
        SecurityRealm realm = Jenkins.get().getSecurityRealm();
        boolean caseSensitive = !realm.getUserIdStrategy().equals("A", "a");
        return ApproverRules.refusal(user == null ? null : user.getId(), authorities(authentication), approvers,
                starter, caseSensitive);
    }

    /**
     * Approves the plan as the current user: POST only, and Jenkins' crumb filter rejects a request without a valid
     * CSRF crumb. The user must see the job, be one of the approvers, and not be the build's starter.
     */
    @RequirePOST
    public HttpResponse doApprove(StaplerRequest2 request) throws IOException, InterruptedException {
        run.checkPermission(Item.READ);
        String problem = getApprovalProblem();
        if (problem != null) {
            return HttpResponses.errorWithoutStack(403, problem);
        }
        User user = User.current();
        BackstopCheckStep.Execution execution = execution();
        if (execution == null) {
            return HttpResponses.errorWithoutStack(409, "the paused Backstop step was not found (did the build end?)");
        }
        execution.approve(user.getId(), ApproverRules.groupPrincipals(authorities(Jenkins.getAuthentication2())),
                run.getAbsoluteUrl() + urlName + "/");
        return HttpResponses.redirectTo(".");
    }

    private static List<String> authorities(Authentication authentication) {
        List<String> names = new ArrayList<>();
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            names.add(authority.getAuthority());
        }
        return names;
    }

    /** The paused step this page belongs to, found among the build's running step executions. */
    private BackstopCheckStep.Execution execution() throws InterruptedException {
        if (executionId == null) {
            return null;
        }
        for (FlowExecution flow : FlowExecutionList.get()) {
            try {
                if (flow.getOwner().getExecutable() != run) {
                    continue;
                }
                for (StepExecution step : flow.getCurrentExecutions(true).get(60, TimeUnit.SECONDS)) {
                    if (step instanceof BackstopCheckStep.Execution backstop && backstop.id().equals(executionId)) {
                        return backstop;
                    }
                }
            } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOGGER.log(Level.WARNING, "cannot look at the running steps of " + run, e);
            }
        }
        return null;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Backstop";
    }

    @Override
    public String getUrlName() {
        return urlName;
    }

    public Status getStatus() {
        return status;
    }

    public String getVerdict() {
        return verdict;
    }

    public String getReason() {
        return reason;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public List<Row> getFindings() {
        return findings;
    }

    public List<String> getApprovedBy() {
        return approvedBy;
    }

    public List<String> getMissing() {
        return missing;
    }

    public List<String> getRejected() {
        return rejected;
    }

    public String getApprovers() {
        return approvers;
    }

    public String getStarter() {
        return starter;
    }
}
