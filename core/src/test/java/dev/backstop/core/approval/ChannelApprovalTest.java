package dev.backstop.core.approval;

import static dev.backstop.core.approval.ApprovalVerifierTest.NOW;
import static dev.backstop.core.approval.ApprovalVerifierTest.check;
import static dev.backstop.core.approval.ApprovalVerifierTest.delete;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Approvals that a front end vouches for (a pull-request review, a Jenkins input) meet the same policy as signed
 * files: counted once per person, never the author's, never older than max_age, and matched against approver
 * groups through the teams the front end found the person in.
 */
class ChannelApprovalTest {
    static final String TEAM_POLICY = """
            version: 1
            approvals:
              groups:
                dba: [ "github-team:acme/dba", "jenkins:carol" ]
              required:
                high: { count: 1, from: [ dba ] }
                critical: { count: 2 }
            """;

    static ChannelApproval review(String login, Duration ago, String... teams) {
        return new ChannelApproval("github:" + login, "github-review", "https://github.example/pr/1#review",
                NOW.minus(ago), Set.of(teams));
    }

    static CheckReport reviewed(Policy policy, CheckReport report, String author, ChannelApproval... approvals) {
        ApprovalVerifier verifier = new ApprovalVerifier(policy, AllowedSigners.parse("", "none"), RevokedKeys.none(),
                author, Clock.fixed(NOW, ZoneOffset.UTC));
        return report.withApprovals(verifier.review(report, List.of(), List.of(approvals)));
    }

    @Test
    void reviewByATeamMemberApprovesAHighFinding() {
        Policy policy = Policy.parse("team.yml", TEAM_POLICY);
        CheckReport report = check(policy, delete("aws_db_instance.orders"));

        CheckReport approved = reviewed(policy, report, "github:author",
                review("dana", Duration.ofMinutes(5), "github-team:acme/dba"));

        assertThat(approved.isApproved()).isTrue();
        assertThat(approved.approvals().accepted()).singleElement()
                .satisfies(a -> assertThat(a.describe()).contains("github-review").contains("given"));
    }

    @Test
    void reviewerOutsideTheRequiredGroupDoesNotCount() {
        Policy policy = Policy.parse("team.yml", TEAM_POLICY);
        CheckReport report = check(policy, delete("aws_db_instance.orders"));

        CheckReport reviewed = reviewed(policy, report, "github:author",
                review("erin", Duration.ofMinutes(5), "github-team:acme/frontend"));

        assertThat(reviewed.isApproved()).isFalse();
        assertThat(reviewed.approvals().missing()).singleElement().asString().contains("from dba");
    }

    @Test
    void authorCannotApproveTheirOwnPlanThroughAReview() {
        CheckReport report = check(Policy.builtIn(), delete("aws_db_instance.orders"));

        CheckReport reviewed = reviewed(Policy.builtIn(), report, "github:alice",
                review("alice", Duration.ofMinutes(5)));

        assertThat(reviewed.isApproved()).isFalse();
        assertThat(reviewed.approvals().rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("author"));
    }

    @Test
    void reviewOlderThanMaxAgeDoesNotCount() {
        CheckReport report = check(Policy.builtIn(), delete("aws_db_instance.orders"));

        CheckReport reviewed = reviewed(Policy.builtIn(), report, null, review("bob", Duration.ofDays(8)));

        assertThat(reviewed.isApproved()).isFalse();
        assertThat(reviewed.approvals().rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("max_age"));
    }

    @Test
    void onePersonApprovingTwiceCountsOnceTowardsACriticalFinding() {
        CheckReport report = check(Policy.builtIn(), delete("aws_backup_vault.orders"));

        CheckReport reviewed = reviewed(Policy.builtIn(), report, null, review("bob", Duration.ofMinutes(9)),
                new ChannelApproval("github:bob", "github-comment", "comment", NOW.minusSeconds(60), Set.of()));

        assertThat(reviewed.isApproved()).isFalse();
        assertThat(reviewed.approvals().rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("counts once"));
    }

    @Test
    void twoDistinctReviewersApproveACriticalFinding() {
        CheckReport report = check(Policy.builtIn(), delete("aws_backup_vault.orders"));

        CheckReport reviewed = reviewed(Policy.builtIn(), report, null, review("bob", Duration.ofMinutes(9)),
                new ChannelApproval("jenkins:carol", "jenkins-input", "job/1", NOW.minusSeconds(60), Set.of()));

        assertThat(reviewed.isApproved()).isTrue();
    }

    @Test
    void deniedPlanStaysDeniedWhateverTheReviews() {
        Policy policy = Policy.parse("protect.yml", """
                version: 1
                protect:
                  - address: "aws_db_instance.orders"
                    reason: "the orders database is never destroyed by a plan"
                """);
        CheckReport report = check(policy, delete("aws_db_instance.orders"));

        CheckReport reviewed = reviewed(policy, report, null, review("bob", Duration.ofMinutes(1)),
                review("carol", Duration.ofMinutes(1)));

        assertThat(reviewed.isApproved()).isFalse();
    }

    @Test
    void policyNamesPeopleDirectlyOrThroughTheirTeam() {
        Policy policy = Policy.parse("team.yml", TEAM_POLICY);

        assertThat(policy.approvals().names("jenkins:carol", Set.of())).isTrue();
        assertThat(policy.approvals().names("github:dana", Set.of("github-team:acme/dba"))).isTrue();
        assertThat(policy.approvals().names("github:erin", Set.of("github-team:acme/web"))).isFalse();
    }
}
