package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.policy.ApprovalPolicy;
import dev.backstop.core.policy.Policy;
import dev.backstop.github.GithubApprovalRules.Comment;
import dev.backstop.github.GithubApprovalRules.Review;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GitHub's approval rules, one by one, without a server. */
class GithubApprovalRulesTest {
    private static final String FINGERPRINT = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String HEAD = "c0ffee0000000000000000000000000000000000";
    private static final Instant POSTED = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant AFTER = POSTED.plus(Duration.ofMinutes(5));

    private final List<String> asked = new ArrayList<>();
    private final Map<String, Boolean> writers = Map.of("alice", true, "carol", true, "bob", false, "erin", false);
    private final Map<String, Set<String>> teams = Map.of("erin", Set.of("github-team:acme/dba"));
    private ApprovalPolicy policy = Policy.builtIn().approvals();

    private final GithubApprovalRules.Directory directory = new GithubApprovalRules.Directory() {
        @Override
        public boolean canWrite(String login) {
            asked.add("write:" + login);
            return writers.getOrDefault(login, false);
        }

        @Override
        public Set<String> teamsOf(String login, Set<String> names) {
            asked.add("teams:" + login);
            return teams.getOrDefault(login, Set.of());
        }
    };

    @Test
    void anApprovedReviewOfTheHeadAfterThePostingCounts() {
        GithubApprovalRules.Outcome outcome = reviews(review("alice", "APPROVED", HEAD, AFTER));

        assertThat(outcome.rejected()).isEmpty();
        ChannelApproval approval = outcome.approvals().get(0);
        assertThat(approval.principal()).isEqualTo("github:alice");
        assertThat(approval.channel()).isEqualTo("github-review");
        assertThat(approval.created()).isEqualTo(AFTER);
        assertThat(approval.source()).isEqualTo("https://github.example/review/alice");
    }

    @Test
    void aReviewOfAnotherCommitIsStale() {
        assertThat(rejected(reviews(review("alice", "APPROVED", "0ld0000000000000", AFTER))))
                .containsExactly("approved commit 0ld0000, not the head commit c0ffee0 the plan was made for: approve"
                        + " the head commit again");
    }

    @Test
    void aReviewSubmittedBeforeOrAsTheCheckWasPostedDoesNotCount() {
        assertThat(rejected(reviews(review("alice", "APPROVED", HEAD, POSTED.minusSeconds(1)))))
                .singleElement().asString().contains("before Backstop posted this plan's findings");
        assertThat(rejected(reviews(review("alice", "APPROVED", HEAD, POSTED)))).hasSize(1);
    }

    @Test
    void aBotNeverApprovesAndIsNotLookedUp() {
        GithubApprovalRules.Outcome outcome = reviews(review("helper", "APPROVED", HEAD, AFTER, "Bot"),
                review("dependabot[bot]", "APPROVED", HEAD, AFTER, "User"));

        assertThat(outcome.approvals()).isEmpty();
        assertThat(rejected(outcome)).containsExactly(
                "github:helper is a bot (type Bot): approvals come from people",
                "github:dependabot[bot] is a bot (type User): approvals come from people");
        assertThat(asked).isEmpty();
    }

    @Test
    void aReaderNeedsToBeNamedInThePolicy() {
        assertThat(rejected(reviews(review("bob", "APPROVED", HEAD, AFTER)))).singleElement().asString()
                .startsWith("github:bob has no write access to the repository and is not named");

        policy = Policy.parse("p.yml", "version: 1\napprovals:\n  groups:\n    ops: [\"github:BOB\"]\n").approvals();
        GithubApprovalRules.Outcome named = reviews(review("bob", "APPROVED", HEAD, AFTER));

        assertThat(named.approvals()).extracting(ChannelApproval::principal).containsExactly("github:BOB");
    }

    @Test
    void aReaderInATeamThePolicyNamesCountsAndCarriesTheTeam() {
        policy = Policy.parse("p.yml", "version: 1\napprovals:\n  groups:\n    dba: [\"github-team:acme/dba\"]\n")
                .approvals();

        GithubApprovalRules.Outcome outcome = reviews(review("erin", "APPROVED", HEAD, AFTER),
                review("alice", "APPROVED", HEAD, AFTER));

        assertThat(outcome.approvals()).extracting(ChannelApproval::memberOf)
                .containsExactly(Set.of("github-team:acme/dba"), Set.of());
    }

    @Test
    void theLatestDecisiveReviewCounts() {
        assertThat(reviews(review("alice", "APPROVED", HEAD, AFTER), review("alice", "COMMENTED", HEAD,
                AFTER.plusSeconds(60))).approvals()).hasSize(1);
        assertThat(rejected(reviews(review("alice", "APPROVED", HEAD, AFTER), review("alice", "CHANGES_REQUESTED",
                HEAD, AFTER.plusSeconds(60))))).singleElement().asString().contains("requested changes");
        assertThat(rejected(reviews(review("alice", "DISMISSED", HEAD, AFTER), review("alice", "APPROVED", HEAD,
                AFTER.minusSeconds(60))))).containsExactly("the approval was dismissed: it no longer counts");
        assertThat(reviews(review("alice", "CHANGES_REQUESTED", HEAD, AFTER), review("alice", "APPROVED", HEAD,
                AFTER.plusSeconds(60))).approvals()).hasSize(1);
        // requesting changes without ever approving is not an approval, rejected or otherwise
        GithubApprovalRules.Outcome changes = reviews(review("bob", "CHANGES_REQUESTED", HEAD, AFTER));
        assertThat(changes.approvals()).isEmpty();
        assertThat(changes.rejected()).isEmpty();
    }

    @Test
    void aCommentApprovesWithTwelveOrMoreHexDigitsOfTheFingerprint() {
        assertThat(comments(comment("alice", "/backstop approve 0123456789ab")).approvals()).hasSize(1);
        assertThat(comments(comment("alice", "ok\n  /backstop approve sha256:0123456789ABCDEF  \nthanks")).approvals())
                .singleElement().satisfies(a -> assertThat(a.channel()).isEqualTo("github-comment"));
        assertThat(comments(comment("alice", "/backstop approve " + FINGERPRINT)).approvals()).hasSize(1);
    }

    @Test
    void aCommentWithABadPrefixDoesNotApprove() {
        assertThat(rejected(comments(comment("alice", "/backstop approve 0123456789a")))).singleElement().asString()
                .contains("gives 11 hex digits; at least 12 of the fingerprint are needed");
        assertThat(rejected(comments(comment("alice", "/backstop approve 1123456789abcdef")))).singleElement()
                .asString().contains("does not match this plan's fingerprint sha256:0123456789abcdef");
        assertThat(rejected(comments(comment("alice", "/backstop approve this-one-please")))).singleElement()
                .asString().contains("is not a fingerprint prefix");
        assertThat(rejected(comments(comment("alice", "/backstop approve")))).singleElement().asString()
                .contains("names no plan");
        assertThat(rejected(comments(comment("alice", "/backstop approve 0123456789abcdef and ship it"))))
                .singleElement().asString().contains("followed by more text");
    }

    @Test
    void anEditedCommentNeverApproves() {
        Comment edited = new Comment("alice", "User", "/backstop approve 0123456789abcdef", AFTER,
                AFTER.plusSeconds(30), "https://github.example/comment/1");

        assertThat(rejected(comments(edited))).singleElement().asString()
                .contains("edited after it was posted");
    }

    @Test
    void otherCommentsAreNotApprovalsAtAll() {
        GithubApprovalRules.Outcome outcome = comments(comment("alice", "LGTM, approve"),
                comment("alice", "> /backstop approve 0123456789abcdef"), comment("alice", "run /backstop approve later"),
                comment("alice", "/backstop approved 0123456789abcdef"));

        assertThat(outcome.approvals()).isEmpty();
        assertThat(outcome.rejected()).isEmpty();
    }

    @Test
    void aCommentByTheSameRulesAboutPeople() {
        assertThat(rejected(comments(comment("bob", "/backstop approve 0123456789abcdef")))).singleElement()
                .asString().contains("no write access");
        assertThat(rejected(comments(new Comment("ci[bot]", "Bot", "/backstop approve 0123456789abcdef", AFTER, AFTER,
                null)))).singleElement().asString().contains("is a bot");
    }

    @Test
    void aPersonWhoApprovesTwiceOnGithubIsOneApproval() {
        GithubApprovalRules rules = new GithubApprovalRules(FINGERPRINT, HEAD, POSTED, policy);

        GithubApprovalRules.Outcome outcome = rules.evaluate(List.of(review("alice", "APPROVED", HEAD, AFTER)),
                List.of(comment("alice", "/backstop approve 0123456789abcdef")), directory);

        assertThat(outcome.approvals()).hasSize(1);
        assertThat(outcome.rejected()).isEmpty();
    }

    @Test
    void theCommandToApproveGivesSixteenHexDigits() {
        assertThat(GithubApprovalRules.command(FINGERPRINT)).isEqualTo("/backstop approve 0123456789abcdef");
    }

    private GithubApprovalRules.Outcome reviews(Review... reviews) {
        return new GithubApprovalRules(FINGERPRINT, HEAD, POSTED, policy).evaluate(List.of(reviews), List.of(),
                directory);
    }

    private GithubApprovalRules.Outcome comments(Comment... comments) {
        return new GithubApprovalRules(FINGERPRINT, HEAD, POSTED, policy).evaluate(List.of(), List.of(comments),
                directory);
    }

    private static Review review(String login, String state, String commit, Instant at) {
        return review(login, state, commit, at, "User");
    }

    private static Review review(String login, String state, String commit, Instant at, String type) {
        return new Review(login, type, state, commit, at, "https://github.example/review/" + login);
    }

    private static Comment comment(String login, String body) {
        return new Comment(login, "User", body, AFTER, AFTER, "https://github.example/comment/" + login);
    }

    private static List<String> rejected(GithubApprovalRules.Outcome outcome) {
        return outcome.rejected().stream().map(ApprovalReview.Rejected::reason).toList();
    }
}
