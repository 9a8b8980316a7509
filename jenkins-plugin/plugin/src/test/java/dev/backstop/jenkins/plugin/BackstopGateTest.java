package dev.backstop.jenkins.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.verdict.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's decisions are backstop-core's: plain JUnit on the repository's test plans, no Jenkins. */
class BackstopGateTest {
    static final Path PLANS = Path.of("../../testdata/plans");
    static final String DBA_POLICY = """
            version: 1
            approvals:
              groups:
                dba: ["jenkins-group:dba"]
              required:
                high: {count: 1, from: [dba]}
            """;

    @TempDir
    Path dir;

    static ChannelApproval given(String user, String... groups) {
        return new ChannelApproval("jenkins:" + user, "jenkins-approve", "job/infra/1/backstop/", Instant.now(),
                Set.of(groups));
    }

    @Test
    void approvalByAGroupMemberTheRealmVouchesForAllowsThePlan() {
        BackstopGate gate = new BackstopGate(BackstopGate.policy("p.yml", DBA_POLICY), null, Clock.systemUTC());
        CheckReport report = gate.check(PLANS.resolve("delete.json"));

        CheckReport outsider = gate.review(report, "jenkins:alice", List.of(), null, List.of(given("erin", "web")));
        CheckReport member = gate.review(report, "jenkins:alice", List.of(), null,
                List.of(given("bob", "jenkins-group:dba")));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(outsider.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(member.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(BackstopGate.result(member)).containsEntry("approved", true)
                .containsEntry("approvedBy", List.of("jenkins:bob"));
    }

    @Test
    void startersApprovalDoesNotCountInTheCoreEither() {
        BackstopGate gate = new BackstopGate(BackstopGate.policy("built-in", null), null, Clock.systemUTC());
        CheckReport report = gate.check(PLANS.resolve("delete.json"));

        CheckReport reviewed = gate.review(report, "jenkins:alice", List.of(), null, List.of(given("alice")));

        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void binaryPlanIsRefusedRatherThanConvertedOnTheController() throws Exception {
        Path binary = Files.write(dir.resolve("plan.tfplan"), new byte[] {'P', 'K', 3, 4, 0, 0});
        BackstopGate gate = new BackstopGate(BackstopGate.policy("built-in", null), null, Clock.systemUTC());

        assertThatThrownBy(() -> gate.check(binary)).isInstanceOf(BackstopException.class)
                .hasMessageContaining("never runs terraform on the Jenkins controller");
    }

    @Test
    void reportsAndAuditLogComeFromTheCore() throws Exception {
        BackstopGate gate = new BackstopGate(BackstopGate.policy("built-in", null), null, Clock.systemUTC());
        CheckReport report = gate.review(gate.check(PLANS.resolve("delete.json")), "jenkins:alice", List.of(), null,
                List.of(given("bob")));
        Path log = dir.resolve("audit.jsonl");

        gate.audit(log, report, "test", "jenkins:alice", null);

        assertThat(new String(gate.render(ReportFormat.NATIVE, report, "test"), StandardCharsets.UTF_8))
                .contains("aws_db_instance.orders");
        assertThat(Files.readString(log)).contains("\"principal\":\"jenkins:bob\"")
                .contains(report.fingerprint());
        assertThat(BackstopGate.summary(report)).startsWith("ALLOW - approved by jenkins:bob");
    }
}
