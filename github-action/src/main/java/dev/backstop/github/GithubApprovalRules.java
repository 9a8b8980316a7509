package dev.backstop.github;

import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.policy.ApprovalPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pull-request reviews and comments approve one plan, by GitHub's rules; pure, so every rule is tested
 * without a server. What GitHub vouches for is decided here; what every channel shares (the plan's author, the
 * policy's {@code max_age}, counting each person once, the counts per severity) is left to the core's
 * {@link dev.backstop.core.approval.ApprovalVerifier}.
 *
 * <p>A review approves the plan when all of these hold:
 * <ul>
 *   <li>it is the reviewer's latest review that decides anything (a later "request changes" or a dismissal
 *       withdraws an approval; plain comments do not), and its state is {@code APPROVED};</li>
 *   <li>it was submitted on the head commit the plan was made for;</li>
 *   <li>it was submitted after the check run for this plan's fingerprint was first posted: a review approves only
 *       what its reviewer could see.</li>
 * </ul>
 * A comment approves the plan when a line of it is {@code /backstop approve PREFIX}, PREFIX being at least
 * {@value #MIN_PREFIX} hex digits of the fingerprint (with or without {@code sha256:}) that match it, and the
 * comment was not edited after it was posted. Either way the person must not be a bot (type {@code Bot}, or a
 * {@code [bot]} login), and must have write access to the repository or be named in the policy's approver groups
 * (as {@code github:LOGIN}, or through a {@code github-team:ORG/TEAM} they belong to). Everything that looked like
 * an approval and does not count is returned with its reason.
 */
public final class GithubApprovalRules {
    /** The fewest hex digits of the fingerprint a comment must give. */
    public static final int MIN_PREFIX = 12;
    public static final String REVIEW_CHANNEL = "github-review";
    public static final String COMMENT_CHANNEL = "github-comment";
    private static final Pattern COMMAND = Pattern.compile("^[ \\t]*/backstop[ \\t]+approve\\b[ \\t]*(\\S*)[ \\t]*(\\S*)",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    /** A pull-request review, as GitHub lists it. */
    public record Review(String login, String userType, String state, String commitId, Instant submittedAt,
            String url) {
    }

    /** A pull-request (issue) comment, as GitHub lists it. */
    public record Comment(String login, String userType, String body, Instant createdAt, Instant updatedAt,
            String url) {
    }

    /** What the rules need to ask GitHub about a person; asked only for people whose approval is otherwise fine. */
    public interface Directory {
        /** Whether the person has write (or maintain, or admin) access to the repository. */
        boolean canWrite(String login);

        /** The {@code github-team:ORG/TEAM} principals of {@code teams} that the person is an active member of. */
        Set<String> teamsOf(String login, Set<String> teams);
    }

    /** GitHub's approvals for the core, and what looked like an approval but does not count. */
    public record Outcome(List<ChannelApproval> approvals, List<ApprovalReview.Rejected> rejected) {
        public Outcome {
            approvals = List.copyOf(approvals);
            rejected = List.copyOf(rejected);
        }
    }

    private final String fingerprintHex;
    private final String fingerprint;
    private final String headSha;
    private final Instant postedAt;
    private final ApprovalPolicy policy;

    /**
     * @param fingerprint the plan's {@code sha256:...}
     * @param headSha     the pull request's head commit, on which the check run for the plan was posted
     * @param postedAt    when the check run for this fingerprint was first posted on that commit
     * @param policy      the approver groups (who is named) come from here
     */
    public GithubApprovalRules(String fingerprint, String headSha, Instant postedAt, ApprovalPolicy policy) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.fingerprintHex = fingerprint.startsWith("sha256:") ? fingerprint.substring(7) : fingerprint;
        this.headSha = Objects.requireNonNull(headSha, "headSha");
        this.postedAt = Objects.requireNonNull(postedAt, "postedAt");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** How the policy names a GitHub user: its own spelling when it names them (logins ignore case). */
    public static String principal(String login, ApprovalPolicy policy) {
        String plain = "github:" + login;
        return policy.groups().values().stream().flatMap(List::stream)
                .filter(member -> member.equalsIgnoreCase(plain)).findFirst().orElse(plain);
    }

    /** The {@code github-team:} principals the policy's approver groups name. */
    public static Set<String> teams(ApprovalPolicy policy) {
        Set<String> teams = new java.util.TreeSet<>();
        policy.groups().values().forEach(members -> members.stream().filter(m -> m.startsWith("github-team:"))
                .forEach(teams::add));
        return teams;
    }

    public Outcome evaluate(List<Review> reviews, List<Comment> comments, Directory directory) {
        List<ChannelApproval> approvals = new ArrayList<>();
        List<ApprovalReview.Rejected> rejected = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        People people = new People(directory);
        for (Review review : decisive(reviews)) {
            String principal = principal(review.login(), policy);
            String source = review.url() == null ? "review by " + review.login() : review.url();
            String problem = reviewProblem(review);
            if (problem == null) {
                problem = people.problem(review.login(), review.userType(), principal);
            }
            if (problem != null) {
                rejected.add(new ApprovalReview.Rejected(source, principal, problem));
            } else if (counted.add(principal.toLowerCase(Locale.ROOT))) {
                approvals.add(new ChannelApproval(principal, REVIEW_CHANNEL, source, review.submittedAt(),
                        people.memberOf(review.login())));
            }
        }
        for (Comment comment : comments) {
            Matcher command = COMMAND.matcher(comment.body() == null ? "" : comment.body());
            if (!command.find()) {
                continue;
            }
            String principal = principal(comment.login(), policy);
            if (counted.contains(principal.toLowerCase(Locale.ROOT))) {
                continue; // already approved by review: one person, one approval
            }
            String source = comment.url() == null ? "comment by " + comment.login() : comment.url();
            String problem = commentProblem(comment, command.group(1), command.group(2));
            if (problem == null) {
                problem = people.problem(comment.login(), comment.userType(), principal);
            }
            if (problem != null) {
                rejected.add(new ApprovalReview.Rejected(source, principal, problem));
            } else if (counted.add(principal.toLowerCase(Locale.ROOT))) {
                approvals.add(new ChannelApproval(principal, COMMENT_CHANNEL, source, comment.createdAt(),
                        people.memberOf(comment.login())));
            }
        }
        return new Outcome(approvals, rejected);
    }

    /**
     * Per reviewer who ever approved, their latest review that decides anything ({@code APPROVED},
     * {@code CHANGES_REQUESTED}, {@code DISMISSED}): a later decision withdraws an earlier approval. Reviews that
     * only comment, and pending ones, decide nothing.
     */
    private static List<Review> decisive(List<Review> reviews) {
        Map<String, Review> latest = new LinkedHashMap<>();
        Set<String> approvers = new HashSet<>();
        reviews.stream()
                .filter(r -> r.submittedAt() != null && r.login() != null)
                .filter(r -> Set.of("APPROVED", "CHANGES_REQUESTED", "DISMISSED").contains(state(r)))
                .sorted(Comparator.comparing(Review::submittedAt))
                .forEach(r -> {
                    String key = r.login().toLowerCase(Locale.ROOT);
                    latest.put(key, r);
                    if (state(r).equals("APPROVED")) {
                        approvers.add(key);
                    }
                });
        return latest.entrySet().stream().filter(e -> approvers.contains(e.getKey())).map(Map.Entry::getValue)
                .toList();
    }

    private static String state(Review review) {
        return review.state() == null ? "" : review.state().toUpperCase(Locale.ROOT);
    }

    private String reviewProblem(Review review) {
        switch (state(review)) {
            case "DISMISSED":
                return "the approval was dismissed: it no longer counts";
            case "CHANGES_REQUESTED":
                return review.login() + " requested changes at " + review.submittedAt()
                        + ", after approving: the latest review counts";
            default:
                break;
        }
        if (!headSha.equalsIgnoreCase(String.valueOf(review.commitId()))) {
            return "approved commit " + shortSha(review.commitId()) + ", not the head commit " + shortSha(headSha)
                    + " the plan was made for: approve the head commit again";
        }
        if (!review.submittedAt().isAfter(postedAt)) {
            return "approved at " + review.submittedAt() + ", before Backstop posted this plan's findings ("
                    + postedAt + "): a review approves only what it could see; approve again";
        }
        return null;
    }

    private String commentProblem(Comment comment, String argument, String extra) {
        String quoted = "`/backstop approve" + (argument.isEmpty() ? "" : " " + argument) + "`";
        if (argument.isEmpty()) {
            return quoted + " names no plan: give at least " + MIN_PREFIX + " hex digits of the fingerprint";
        }
        if (!extra.isEmpty()) {
            return quoted + " is followed by more text on its line: write the command alone on its line";
        }
        String prefix = argument.toLowerCase(Locale.ROOT);
        if (prefix.startsWith("sha256:")) {
            prefix = prefix.substring(7);
        }
        if (!HEX.matcher(prefix).matches()) {
            return quoted + " is not a fingerprint prefix: hex digits, with or without sha256:";
        }
        if (prefix.length() < MIN_PREFIX) {
            return quoted + " gives " + prefix.length() + " hex digit" + (prefix.length() == 1 ? "" : "s")
                    + "; at least " + MIN_PREFIX + " of the fingerprint are needed";
        }
        if (!fingerprintHex.startsWith(prefix)) {
            return quoted + " does not match this plan's fingerprint " + abbreviate(fingerprint)
                    + ": it approves another plan";
        }
        if (comment.createdAt() == null) {
            return "the comment has no creation time";
        }
        if (comment.updatedAt() != null && comment.updatedAt().isAfter(comment.createdAt())) {
            return "the comment was edited after it was posted (" + comment.updatedAt() + "): an edited comment"
                    + " never approves; post a new one";
        }
        return null;
    }

    /** The person behind an approval: not a bot, and trusted by GitHub (write access) or named by the policy. */
    private final class People {
        private final Directory directory;
        private final Set<String> teams = teams(policy);
        private final Map<String, Set<String>> memberships = new java.util.HashMap<>();

        People(Directory directory) {
            this.directory = directory;
        }

        String problem(String login, String userType, String principal) {
            if ("Bot".equalsIgnoreCase(userType) || login.toLowerCase(Locale.ROOT).endsWith("[bot]")) {
                return principal + " is a bot (" + (userType == null ? "a [bot] login" : "type " + userType)
                        + "): approvals come from people";
            }
            if (policy.names(principal, Set.of()) || directory.canWrite(login)
                    || policy.names(principal, memberOf(login))) {
                return null;
            }
            return principal + " has no write access to the repository and is not named in the policy's approver"
                    + " groups (approvals.groups), directly or through a team";
        }

        Set<String> memberOf(String login) {
            if (teams.isEmpty()) {
                return Set.of();
            }
            return memberships.computeIfAbsent(login.toLowerCase(Locale.ROOT), k -> directory.teamsOf(login, teams));
        }
    }

    private static String shortSha(String sha) {
        return sha == null ? "(none)" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    private static String abbreviate(String fingerprint) {
        return fingerprint.length() > 23 ? fingerprint.substring(0, 23) + "..." : fingerprint;
    }

    /** The command a reviewer comments to approve this fingerprint: the first 16 hex digits. */
    public static String command(String fingerprint) {
        String hex = fingerprint.startsWith("sha256:") ? fingerprint.substring(7) : fingerprint;
        return "/backstop approve " + hex.substring(0, Math.min(16, hex.length()));
    }
}
