package dev.backstop.jenkins.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.model.Result;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Pipeline step, the build page and the approve action in a real Jenkins (JenkinsRule). Built and run only with
 * -Pjenkins-plugin where Jenkins' Maven repository is reachable; see ../README.md.
 */
@WithJenkins
class BackstopCheckStepTest {
    static final Path PLANS = Path.of("../../testdata/plans");
    static final String PIPELINE = "node {\n"
            + "  def result = backstopCheck(plan: 'plan.json', approvers: 'ops-leads', policy: POLICY)\n"
            + "  echo \"verdict=${result.verdict} approvedBy=${result.approvedBy}\"\n"
            + "}\n";

    JenkinsRule j;
    WorkflowJob job;

    @BeforeEach
    void jenkins(JenkinsRule rule) throws Exception {
        j = rule;
        JenkinsRule.DummySecurityRealm realm = j.createDummySecurityRealm();
        realm.addGroups("bob", "ops-leads");
        realm.addGroups("alice", "ops-leads");
        j.jenkins.setSecurityRealm(realm);
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().toAuthenticated());
        job = j.createProject(WorkflowJob.class, "infra");
    }

    void plan(String name) throws Exception {
        try (InputStream in = Files.newInputStream(PLANS.resolve(name))) {
            j.jenkins.getWorkspaceFor(job).child("plan.json").copyFrom(in);
        }
    }

    void pipeline(String policy) {
        job.setDefinition(new CpsFlowDefinition(PIPELINE.replace("POLICY", policy == null ? "null" : "'" + policy
                + "'"), true));
    }

    /** Starts the build as alice and waits until it pauses for approval. */
    WorkflowRun startAsAliceAndWait() throws Exception {
        WorkflowRun run = job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("alice"))).waitForStart();
        j.waitForMessage("approval required for plan", run);
        return run;
    }

    Page postApprove(JenkinsRule.WebClient client, WorkflowRun run, boolean crumb) throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), run.getUrl() + "backstop/approve"), HttpMethod.POST);
        if (crumb) {
            client.addCrumb(request);
        }
        client.setThrowExceptionOnFailingStatusCode(false);
        return client.getPage(request);
    }

    @Test
    void allowedPlanPassesWithoutWaiting() throws Exception {
        plan("create.json");
        pipeline(null);

        WorkflowRun run = j.buildAndAssertSuccess(job);

        j.assertLogContains("verdict=allow", run);
        assertThat(run.getAction(BackstopAction.class).getStatus()).isEqualTo(BackstopAction.Status.ALLOWED);
        assertThat(j.jenkins.getWorkspaceFor(job).child("backstop-issues.json").exists()).isTrue();
    }

    @Test
    void approverApprovesOnTheBuildPageAndTheBuildGoesOn() throws Exception {
        plan("delete.json");
        pipeline(null);
        WorkflowRun run = startAsAliceAndWait();
        BackstopAction action = run.getAction(BackstopAction.class);

        JenkinsRule.WebClient bob = j.createWebClient().login("bob");
        HtmlPage page = bob.getPage(run, "backstop");
        assertThat(page.asNormalizedText()).contains(action.getFingerprint()).contains("aws_db_instance.orders");
        HtmlForm form = page.getFormByName("approve");
        j.submit(form);

        j.assertBuildStatusSuccess(j.waitForCompletion(run));
        j.assertLogContains("verdict=allow approvedBy=[jenkins:bob]", run);
        assertThat(action.getStatus()).isEqualTo(BackstopAction.Status.APPROVED);
        String audit = Files.readString(WorkspaceCheck.auditLog());
        assertThat(audit).contains("\"principal\":\"jenkins:bob\"").contains(action.getFingerprint())
                .contains("\"actor\":\"jenkins:alice\"");
    }

    @Test
    void buildsStarterCannotApproveEvenAsAnApprover() throws Exception {
        plan("delete.json");
        pipeline(null);
        WorkflowRun run = startAsAliceAndWait();

        JenkinsRule.WebClient alice = j.createWebClient().login("alice");
        assertThat(alice.getPage(run, "backstop").getWebResponse().getContentAsString())
                .contains("alice started this build and may not approve its plan");
        Page refused = postApprove(alice, run, true);

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(run.isBuilding()).isTrue();
        assertThat(run.getAction(BackstopAction.class).getStatus()).isEqualTo(BackstopAction.Status.WAITING);
        run.doStop();
        j.waitForCompletion(run);
    }

    @Test
    void approvalNeedsPostWithACrumbFromAnApprover() throws Exception {
        plan("delete.json");
        pipeline(null);
        WorkflowRun run = startAsAliceAndWait();

        JenkinsRule.WebClient bob = j.createWebClient().login("bob");
        bob.setThrowExceptionOnFailingStatusCode(false);
        Page get = bob.goTo(run.getUrl() + "backstop/approve", null);
        Page noCrumb = postApprove(bob, run, false);
        Page outsider = postApprove(j.createWebClient().login("erin"), run, true);

        assertThat(get.getWebResponse().getStatusCode()).isEqualTo(405);
        assertThat(noCrumb.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(outsider.getWebResponse().getStatusCode()).isEqualTo(403);
        assertThat(run.getAction(BackstopAction.class).getStatus()).isEqualTo(BackstopAction.Status.WAITING);
        run.doStop();
        j.waitForCompletion(run);
    }

    @Test
    void deniedPlanFailsTheBuild() throws Exception {
        plan("delete.json");
        j.jenkins.getWorkspaceFor(job).child("protect.yml")
                .write("version: 1\nprotect:\n  - {address: aws_db_instance.orders, reason: orders}\n", "UTF-8");
        pipeline("protect.yml");

        WorkflowRun run = j.buildAndAssertStatus(Result.FAILURE, job);

        j.assertLogContains("DENY - policy forbids 1 change", run);
        assertThat(run.getAction(BackstopAction.class).getStatus()).isEqualTo(BackstopAction.Status.DENIED);
    }

    @Test
    void freestyleStepFailsAPlanThatNeedsApprovalAndPassesAnAllowedOne() throws Exception {
        FreeStyleProject project = j.createFreeStyleProject("freestyle");
        String[] plan = {"delete.json"};
        project.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher,
                    hudson.model.BuildListener listener) throws InterruptedException, java.io.IOException {
                try (InputStream in = Files.newInputStream(PLANS.resolve(plan[0]))) {
                    build.getWorkspace().child("plan.json").copyFrom(in);
                }
                return true;
            }
        });
        BackstopBuilder builder = new BackstopBuilder();
        builder.setPlan("plan.json");
        project.getBuildersList().add(builder);

        FreeStyleBuild blocked = j.buildAndAssertStatus(Result.FAILURE, project);
        plan[0] = "create.json";
        FreeStyleBuild allowed = j.buildAndAssertSuccess(project);

        j.assertLogContains("approval required", blocked);
        assertThat(blocked.getAction(BackstopAction.class).getFindings()).isNotEmpty();
        assertThat(allowed.getAction(BackstopAction.class).getStatus()).isEqualTo(BackstopAction.Status.ALLOWED);
    }
}
