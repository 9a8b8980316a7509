package dev.backstop.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.testing.RepoFiles;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.Severity;
import edu.hm.hafner.analysis.registry.ParserRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * backstopCheck end to end: the real CLI checks real plans, and its exit code decides whether the build asks for
 * approval, goes on or fails.
 */
class BackstopCheckTest extends PipelineHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REPORTS = "backstop-report.json,backstop-issues.json,TEST-backstop.xml,backstop.md,"
            + "backstop.txt,backstop-audit.jsonl";

    String check(String more) {
        return "result = backstopCheck(plan: 'plan.json', approvers: 'ops-leads', cli: '" + cli() + "'" + more + ")\n";
    }

    List<JsonNode> auditLog() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(workspace.resolve("backstop-audit.jsonl"))) {
            entries.add(JSON.readTree(line));
        }
        return entries;
    }

    String fingerprint(String plan) throws Exception {
        return backstop("fingerprint", plan).output().strip();
    }

    @Test
    void allowedPlanAsksNoOneAndPublishesTheReports() throws Exception {
        copy(RepoFiles.plan("create.json"), "plan.json");

        Map<String, Object> result = asMap(runJenkinsfile(check("")));

        assertThat(inputs).isEmpty();
        assertThat(result).containsEntry("verdict", "allow").containsEntry("exitCode", 0)
                .containsEntry("fingerprint", fingerprint("plan.json")).containsEntry("approved", false);
        assertThat(build.getResult()).isNull();
        Map<String, Object> recorded = argument(calls("recordIssues").get(0));
        assertThat(recorded.get("tools")).asList().singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("pattern", "backstop-issues.json");
        assertThat(argument(calls("junit").get(0))).containsEntry("testResults", "TEST-backstop.xml")
                .containsEntry("skipMarkingBuildUnstable", true);
        assertThat(argument(calls("archiveArtifacts").get(0))).containsEntry("artifacts", REPORTS);
        assertThat(archived).as("every archived report exists").containsOnlyKeys(REPORTS.split(","))
                .doesNotContainValue(false);
        assertThat(auditLog()).singleElement().satisfies(entry ->
                assertThat(entry.path("verdict").asText()).isEqualTo("allow"));
    }

    @Test
    void approvalByAnApproverAllowsThePlanAndIsAuditedWithItsFingerprint() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.json");
        inputAnswers.add("bob");

        Map<String, Object> result = asMap(runJenkinsfile(check("")));

        String fingerprint = fingerprint("plan.json");
        assertThat(inputs).singleElement().satisfies(input -> {
            assertThat(input).containsEntry("submitter", "ops-leads")
                    .containsEntry("submitterParameter", "BACKSTOP_APPROVER");
            assertThat(input.get("message").toString()).contains("Plan fingerprint: " + fingerprint)
                    .contains("HIGH delete aws_db_instance.orders (stateful-destroy)")
                    .contains("alice may not approve it");
        });
        assertThat(result).containsEntry("verdict", "allow").containsEntry("approved", true)
                .containsEntry("fingerprint", fingerprint).containsEntry("approvedBy", List.of("jenkins:bob"));
        assertThat(build.getResult()).isNull();
        List<JsonNode> audit = auditLog();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).path("verdict").asText()).isEqualTo("approval_required");
        JsonNode approved = audit.get(1);
        assertThat(approved.path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(approved.path("verdict").asText()).isEqualTo("allow");
        assertThat(approved.path("approved").asBoolean()).isTrue();
        assertThat(approved.path("actor").asText()).isEqualTo("jenkins:alice");
        JsonNode accepted = approved.path("approvals").path("accepted").get(0);
        assertThat(accepted.path("principal").asText()).isEqualTo("jenkins:bob");
        assertThat(accepted.path("channel").asText()).isEqualTo("jenkins-input");
        assertThat(accepted.path("source").asText()).isEqualTo(BUILD_URL);
        CliRun verify = backstop("audit", "verify", "backstop-audit.jsonl");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("2 entries, chain intact");
    }

    @Test
    void criticalPlanAsksAgainUntilTwoDistinctPeopleApproved() throws Exception {
        copy(RepoFiles.example("agent-cleanup.json"), "plan.json");
        inputAnswers.addAll(List.of("bob", "bob", "carol"));

        Map<String, Object> result = asMap(runJenkinsfile(check("")));

        assertThat(inputs).hasSize(3);
        assertThat(inputs.get(1).get("message").toString())
                .contains("Still needed: critical findings need 2 distinct approvers; 1 so far: jenkins:bob");
        assertThat(inputs.get(2).get("message").toString())
                .contains("Not counted: jenkins:bob: a second approval by jenkins:bob: each person counts once");
        assertThat(result).containsEntry("approved", true)
                .containsEntry("approvedBy", List.of("jenkins:bob", "jenkins:carol"));
        assertThat((List<?>) result.get("approvals")).hasSize(2);
    }

    @Test
    void approvalByTheBuildsStarterIsRefusedAndFailsTheBuild() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.json");
        inputAnswers.add("Alice");

        PipelineFailure failure = runFailingJenkinsfile(check(""));

        assertThat(failure).hasMessageContaining("Alice started this build or wrote its plan, and may not approve it");
        assertThat(build.getResult()).isEqualTo("FAILURE");
        assertThat(inputs).hasSize(1);
        assertThat(auditLog()).singleElement().satisfies(entry -> {
            assertThat(entry.path("verdict").asText()).isEqualTo("approval_required");
            assertThat(entry.path("approved").asBoolean()).isFalse();
        });
    }

    @Test
    void namedAuthorMayNotApproveEitherWhenNoOneStartedTheBuild() throws Exception {
        build.starter(null);
        copy(RepoFiles.plan("delete.json"), "plan.json");
        inputAnswers.add("dave");

        PipelineFailure failure = runFailingJenkinsfile(check(", author: 'dave'"));

        assertThat(failure).hasMessageContaining("dave started this build or wrote its plan");
        assertThat(auditLog().get(0).path("actor").asText()).isEqualTo("jenkins:dave");
    }

    @Test
    void deniedPlanFailsTheBuildWithoutAskingAnyone() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.json");
        write("protect.yml", "version: 1\nprotect:\n  - {address: aws_db_instance.orders, reason: years of orders}\n");

        PipelineFailure failure = runFailingJenkinsfile(check(", policy: 'protect.yml'"));

        assertThat(failure).hasMessageContaining("Backstop denies this plan (exit 4)")
                .hasMessageContaining("aws_db_instance.orders");
        assertThat(build.getResult()).isEqualTo("FAILURE");
        assertThat(inputs).isEmpty();
        assertThat(calls("recordIssues")).as("the findings are published before the build fails").hasSize(1);
    }

    @Test
    void unreadablePlanFailsTheBuildWithoutAskingAnyone() throws Exception {
        copy(RepoFiles.plan("not-json.txt"), "plan.json");

        PipelineFailure failure = runFailingJenkinsfile(check(""));

        assertThat(failure).hasMessageContaining("Backstop could not check the plan (exit 1): not valid JSON")
                .hasMessageContaining("never apply");
        assertThat(build.getResult()).isEqualTo("FAILURE");
        assertThat(inputs).isEmpty();
    }

    @Test
    void missingCliFailsTheBuildInsteadOfReadingAnOldReport() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.json");
        write("backstop-report.json", "{\"verdict\": \"allow\", \"exit_code\": 0, \"fingerprint\": \"sha256:old\"}");

        PipelineFailure failure = runFailingJenkinsfile(
                "result = backstopCheck(plan: 'plan.json', approvers: 'ops-leads', cli: './no-such-backstop')\n");

        assertThat(failure).hasMessageContaining("exit code 127");
        assertThat(inputs).isEmpty();
    }

    @Test
    void planChangedWhileWaitingForApprovalIsNotApproved() throws Exception {
        copy(RepoFiles.plan("delete.json"), "plan.json");
        inputAnswers.add((Runnable) () -> {
            try {
                copy(RepoFiles.plan("replace.json"), "plan.json");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        inputAnswers.add("bob");

        PipelineFailure failure = runFailingJenkinsfile(check(""));

        assertThat(failure).hasMessageContaining("the plan changed while it waited for approval");
        JsonNode last = auditLog().get(1);
        assertThat(last.path("verdict").asText()).isEqualTo("approval_required");
        assertThat(last.path("approvals").path("rejected").get(0).path("reason").asText())
                .contains("approvals are bound to one exact plan");
    }

    @Test
    void misspelledParameterFailsTheBuild() {
        PipelineFailure failure = runFailingJenkinsfile(
                "backstopCheck(plan: 'plan.json', approver: 'ops-leads')\n");

        assertThat(failure).hasMessageContaining("unknown parameter approver")
                .hasMessageContaining("known: plan, approvers");
        assertThat(scripts).isEmpty();
    }

    /** What the pipeline publishes with recordIssues is read by warnings-ng's own parser for the native format. */
    @Test
    void publishedNativeReportIsReadByWarningsNg() throws Exception {
        copy(RepoFiles.example("agent-cleanup.json"), "plan.json");
        write("protect.yml", "version: 1\nprotect:\n  - {type: aws_backup_vault, reason: backups stay}\n");

        runFailingJenkinsfile(check(", policy: 'protect.yml'"));

        Report issues = new ParserRegistry().get("native").createParser()
                .parse(new FileReaderFactory(workspace.resolve("backstop-issues.json")));
        JsonNode report = JSON.readTree(workspace.resolve("backstop-report.json").toFile());
        assertThat(issues.getErrorMessages()).isEmpty();
        assertThat(issues.size()).isEqualTo(report.path("findings").size());
        long blocking = 0;
        for (JsonNode finding : report.path("findings")) {
            blocking += finding.path("blocking").asBoolean() ? 1 : 0;
        }
        assertThat(issues.stream().filter(i -> i.getSeverity().equals(Severity.ERROR)).count()).isEqualTo(blocking);
        assertThat(issues.stream().map(i -> i.getCategory())).contains("protected-destroy", "backup-destroy",
                "stateful-destroy");
    }
}
