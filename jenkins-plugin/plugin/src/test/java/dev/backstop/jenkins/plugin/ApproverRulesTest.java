package dev.backstop.jenkins.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may press approve: plain JUnit, no Jenkins. */
class ApproverRulesTest {
    @Test
    void approverListedByIdOrGroupMayApprove() {
        assertThat(ApproverRules.refusal("bob", List.of(), "bob, ops-leads", "alice", false)).isNull();
        assertThat(ApproverRules.refusal("carol", List.of("authenticated", "ops-leads"), "bob,ops-leads", "alice",
                false)).isNull();
    }

    @Test
    void buildsStarterNeverApprovesEvenWhenListed() {
        assertThat(ApproverRules.refusal("Alice", List.of("ops-leads"), "alice,ops-leads", "alice", false))
                .contains("started this build");
    }

    @Test
    void othersAndAnonymousMayNotApprove() {
        assertThat(ApproverRules.refusal("erin", List.of("web"), "ops-leads", "alice", false))
                .contains("not one of the approvers (ops-leads)");
        assertThat(ApproverRules.refusal(null, List.of(), "ops-leads", "alice", false)).contains("anonymous");
        assertThat(ApproverRules.refusal("bob", List.of(), null, "alice", false)).contains("names no approvers");
    }

    @Test
    void caseCountsOnlyWhereTheRealmSaysSo() {
        assertThat(ApproverRules.refusal("BOB", List.of(), "bob", null, false)).isNull();
        assertThat(ApproverRules.refusal("BOB", List.of(), "bob", null, true)).isNotNull();
    }

    @Test
    void groupsBecomeJenkinsGroupPrincipals() {
        assertThat(ApproverRules.groupPrincipals(List.of("authenticated", "dba", "ops")))
                .containsExactly("jenkins-group:dba", "jenkins-group:ops");
    }
}
