package dev.backstop.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.RepoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * backstopApply applies a saved plan only when the real CLI, checking it again, finds the very plan that was
 * approved and the approvals still count. terraform is a stand-in script that records how it was called.
 */
class BackstopApplyTest extends PipelineHarness {
    Path terraformCalls;

    @BeforeEach
    void fakeTerraform() throws Exception {
        terraformCalls = workspace.resolve("terraform-calls.log");
        Path script = write("fake-terraform", "#!/bin/sh\necho \"$@\" >> terraform-calls.log\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A pipeline: check the saved plan (asking for approval), then maybe change it, then apply it. */
    String pipeline(String between, String applyMore) {
        return "def checked = backstopCheck(plan: 'plan.tfplan', approvers: 'ops-leads', cli: '" + cli() + "')\n"
                + between
                + "result = backstopApply(plan: 'plan.tfplan', fingerprint: checked.fingerprint,"
                + " approvals: checked.approvals, terraform: './fake-terraform', cli: '" + cli() + "'" + applyMore
                + ")\n";
    }

    /** Every script sh ran that applies a plan. */
    long applyCalls() {
        return scripts.stream().filter(s -> s.contains("fake-terraform apply")).count();
    }

    @Test
    void approvedPlanIsAppliedExactlyOnce() throws Exception {
        // A saved plan that is JSON text is read as JSON, so no terraform is needed to check it here.
        copy(RepoFiles.plan("delete.json"), "plan.tfplan");
        inputAnswers.add("bob");

        Map<String, Object> result = asMap(runJenkinsfile(pipeline("", "")));

        assertThat(result).containsEntry("applied", true).containsEntry("approvedBy", java.util.List.of("jenkins:bob"));
        assertThat(Files.readAllLines(terraformCalls)).containsExactly("apply -input=false plan.tfplan");
        assertThat(build.getResult()).isNull();
        assertThat(scripts.stream().filter(s -> s.contains("'--expect-fingerprint'")).count())
                .as("the check before apply names the approved plan").isGreaterThanOrEqualTo(2);
    }

    @Test
    void planThatChangedAfterApprovalIsNeverApplied() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.tfplan");
        copy(RepoFiles.plan("replace.json"), "other-plan.json");
        inputAnswers.add("bob");

        PipelineFailure failure = runFailingJenkinsfile(pipeline("sh 'cp other-plan.json plan.tfplan'\n", ""));

        assertThat(failure).hasMessageContaining("backstopApply: the plan still needs approval (exit 3)")
                .hasMessageContaining("not the expected").hasMessageContaining("nothing was applied");
        assertThat(applyCalls()).isZero();
        assertThat(terraformCalls).doesNotExist();
        assertThat(build.getResult()).isEqualTo("FAILURE");
    }

    @Test
    void checkedJsonMustBeThePlanThatWasApproved() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.tfplan");
        copy(RepoFiles.plan("replace.json"), "plan.json");
        inputAnswers.add("bob");

        PipelineFailure failure = runFailingJenkinsfile(pipeline("", ", json: 'plan.json'"));

        assertThat(failure).hasMessageContaining("nothing was applied");
        assertThat(terraformCalls).doesNotExist();
    }

    @Test
    void planNeedingNoApprovalIsAppliedWithoutAskingAnyone() throws Exception {
        copy(RepoFiles.plan("create.json"), "plan.tfplan");

        Map<String, Object> result = asMap(runJenkinsfile(pipeline("", "")));

        assertThat(inputs).isEmpty();
        assertThat(result).containsEntry("applied", true);
        assertThat(Files.readAllLines(terraformCalls)).containsExactly("apply -input=false plan.tfplan");
    }

    @Test
    void approvalsNamingTheStarterAreRefusedBeforeAnythingRuns() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.tfplan");

        PipelineFailure failure = runFailingJenkinsfile("backstopApply(plan: 'plan.tfplan', fingerprint: 'sha256:"
                + "0".repeat(64) + "', approvals: [[principal: 'jenkins:alice', at: '2026-01-01T00:00:00Z']],"
                + " terraform: './fake-terraform', cli: '" + cli() + "')\n");

        assertThat(failure).hasMessageContaining("alice started this build or wrote its plan");
        assertThat(scripts).isEmpty();
    }

    @Test
    void unapprovedPlanIsNeverApplied() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.tfplan");
        String fingerprint = backstop("fingerprint", "plan.tfplan").output().strip();

        PipelineFailure failure = runFailingJenkinsfile("backstopApply(plan: 'plan.tfplan', fingerprint: '"
                + fingerprint + "', terraform: './fake-terraform', cli: '" + cli() + "')\n");

        assertThat(failure).hasMessageContaining("the plan still needs approval (exit 3)");
        assertThat(terraformCalls).doesNotExist();
    }
}
