package dev.backstop.github;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.approval.ApprovalVerifier;
import dev.backstop.core.approval.SignedApprovals;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reviews a plan's approvals on a pull request: GitHub's rules ({@link GithubApprovalRules}) turn reviews and
 * comments into approvals, the core ({@link ApprovalVerifier}) applies what every channel shares (the author,
 * {@code max_age}, each person once, the counts per severity) to them and to any signed files, and the reviews and
 * comments GitHub's rules rejected are listed with the core's own rejections.
 */
final class GithubApprovals {
    private GithubApprovals() {
    }

    /**
     * @param headSha  the head commit the check run for this plan is on
     * @param postedAt when the check run for this fingerprint was first posted
     */
    static CheckReport review(CheckReport report, GithubRepo repo, GithubRepo.PullRequest pull, String headSha,
            Instant postedAt, Policy policy, SignedApprovals signed, Clock clock) {
        if (report.verdict() != Verdict.APPROVAL_REQUIRED) {
            return report;
        }
        GithubApprovalRules rules = new GithubApprovalRules(report.fingerprint(), headSha, postedAt,
                policy.approvals());
        GithubApprovalRules.Outcome outcome = rules.evaluate(repo.reviews(pull.number()),
                repo.comments(pull.number()), repo);
        String author = GithubApprovalRules.principal(pull.author(), policy.approvals());
        ApprovalReview review = new ApprovalVerifier(policy, signed.signers(), signed.revoked(), author, clock)
                .review(report, signed.files(), outcome.approvals());
        List<ApprovalReview.Rejected> rejected = new ArrayList<>(outcome.rejected());
        rejected.addAll(review.rejected());
        return report.withApprovals(new ApprovalReview(review.requirements(), review.accepted(), rejected,
                review.satisfied()));
    }
}
