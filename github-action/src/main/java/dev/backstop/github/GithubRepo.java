package dev.backstop.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.BackstopException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * The one place Backstop talks to GitHub, through GitHub API for Java over a {@link ResilientConnector}. Every
 * call is named, and every failure becomes a {@link BackstopException} with one line that says what was being
 * done and what GitHub answered (with a hint for the usual causes), and never contains the token. The client's
 * own rate-limit handlers are set to fail: waiting is bounded by the connector, never open-ended.
 */
public final class GithubRepo implements GithubApprovalRules.Directory {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pull request: its head commit and author. */
    public record PullRequest(int number, String headSha, String author, String url) {
    }

    /** The latest check run of a name on a commit. */
    public record ExistingCheckRun(long id, String externalId, Instant startedAt, String text, String url) {
    }

    private final GitHub github;
    private final GHRepository repository;
    private final String repositoryName;
    private final Token token;
    private final Map<String, Set<String>> teamMembers = new HashMap<>();
    private final Map<Integer, GHPullRequest> pulls = new HashMap<>();
    private final List<String> notes = new ArrayList<>();

    private GithubRepo(GitHub github, GHRepository repository, String repositoryName, Token token) {
        this.github = github;
        this.repository = repository;
        this.repositoryName = repositoryName;
        this.token = token;
    }

    /** Connects and reads the repository (the first call: a wrong token or URL fails here). */
    public static GithubRepo connect(ActionsEnvironment env, ResilientConnector.Settings settings,
            ResilientConnector.Sleeper sleeper, Clock clock) {
        Token token = env.token();
        GitHub github;
        try {
            github = new GitHubBuilder()
                    .withEndpoint(env.apiUrl())
                    .withAppInstallationToken(token.reveal())
                    .withConnector(new ResilientConnector(settings, sleeper, clock))
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
                    .build();
        } catch (IOException e) {
            throw new BackstopException(token.redact("cannot set up the GitHub API client for " + env.apiUrl() + ": "
                    + e.getMessage()), e);
        }
        GHRepository repository = call(token, "reading repository " + env.repository(),
                () -> github.getRepository(env.repository()));
        return new GithubRepo(github, repository, env.repository(), token);
    }

    GHRepository repository() {
        return repository;
    }

    /** Things learnt along the way that a reader of the check run should know (a team that could not be read). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public PullRequest pullRequest(int number) {
        return call("reading pull request #" + number, () -> {
            GHPullRequest pull = pull(number);
            return new PullRequest(number, pull.getHead().getSha(), pull.getUser().getLogin(),
                    url(pull.getHtmlUrl()));
        });
    }

    /**
     * The pull request a commit came from: the only one that contains it, or the one it merged. Empty when none
     * does; an error when several do and none merged it (say which with {@code --pr}).
     */
    public Optional<Integer> pullRequestForCommit(String sha) {
        return call("finding the pull request of commit " + sha, () -> {
            List<GHPullRequest> pulls = repository.getCommit(sha).listPullRequests().toList();
            if (pulls.isEmpty()) {
                return Optional.empty();
            }
            if (pulls.size() == 1) {
                return Optional.of(pulls.get(0).getNumber());
            }
            List<Integer> merged = new ArrayList<>();
            for (GHPullRequest pull : pulls) {
                if (sha.equalsIgnoreCase(pull.getMergeCommitSha())) {
                    merged.add(pull.getNumber());
                }
            }
            if (merged.size() == 1) {
                return Optional.of(merged.get(0));
            }
            throw new BackstopException("commit " + sha + " is in " + pulls.size() + " pull requests ("
                    + pulls.stream().map(p -> "#" + p.getNumber()).collect(Collectors.joining(", "))
                    + "): say which was reviewed with --pr N");
        });
    }

    /** The most recently created check run named {@code name} on the commit, or empty. */
    public Optional<ExistingCheckRun> latestCheckRun(String sha, String name) {
        return call("reading the check runs of commit " + sha, () -> {
            GHCheckRun latest = null;
            for (GHCheckRun run : repository.getCheckRuns(sha, Map.of("check_name", name, "filter", "all")).toList()) {
                if (name.equals(run.getName()) && (latest == null || run.getId() > latest.getId())) {
                    latest = run;
                }
            }
            if (latest == null) {
                return Optional.empty();
            }
            return Optional.of(new ExistingCheckRun(latest.getId(), blankToNull(latest.getExternalId()),
                    instant(latest.getStartedAt()), latest.getOutput() == null ? null : latest.getOutput().getText(),
                    url(latest.getHtmlUrl())));
        });
    }

    public List<GithubApprovalRules.Review> reviews(int pullRequest) {
        return call("reading the reviews of pull request #" + pullRequest, () -> {
            List<GithubApprovalRules.Review> reviews = new ArrayList<>();
            for (GHPullRequestReview review : pull(pullRequest).listReviews().toList()) {
                if (review.getState() == null || review.getSubmittedAt() == null) {
                    continue;
                }
                GHUser user = review.getUser();
                if (user == null) {
                    continue;
                }
                reviews.add(new GithubApprovalRules.Review(user.getLogin(), user.getType(), review.getState().name(),
                        review.getCommitId(), instant(review.getSubmittedAt()), url(review.getHtmlUrl())));
            }
            return reviews;
        });
    }

    public List<GithubApprovalRules.Comment> comments(int pullRequest) {
        return call("reading the comments of pull request #" + pullRequest, () -> {
            List<GithubApprovalRules.Comment> comments = new ArrayList<>();
            for (GHIssueComment comment : pull(pullRequest).listComments().toList()) {
                String body = comment.getBody();
                if (body == null || !body.toLowerCase(Locale.ROOT).contains("/backstop")) {
                    continue;
                }
                GHUser user = comment.getUser();
                if (user == null) {
                    continue;
                }
                comments.add(new GithubApprovalRules.Comment(user.getLogin(), user.getType(), body,
                        instant(comment.getCreatedAt()), instant(comment.getUpdatedAt()), url(comment.getHtmlUrl())));
            }
            comments.sort(Comparator.comparing(GithubApprovalRules.Comment::createdAt,
                    Comparator.nullsLast(Comparator.naturalOrder())));
            return comments;
        });
    }

    private GHPullRequest pull(int number) throws IOException {
        GHPullRequest pull = pulls.get(number);
        if (pull == null) {
            pull = repository.getPullRequest(number);
            pulls.put(number, pull);
        }
        return pull;
    }

    /** Write, maintain or admin access. Someone GitHub does not know as a collaborator has none. */
    @Override
    public boolean canWrite(String login) {
        return call("reading the permission of " + login + " on " + repositoryName, () -> {
            try {
                GHPermissionType permission = repository.getPermission(login);
                return permission == GHPermissionType.ADMIN || permission == GHPermissionType.WRITE;
            } catch (FileNotFoundException e) {
                return false;
            }
        });
    }

    /**
     * The teams (of those the policy names) this person is an active member of. A team the token cannot read
     * (GitHub answers 403 or 404: a workflow's own token cannot see organisation teams) has no members here, and a
     * note says so in the check run.
     */
    @Override
    public Set<String> teamsOf(String login, Set<String> teams) {
        Set<String> memberOf = new LinkedHashSet<>();
        for (String team : teams) {
            if (members(team).contains(login.toLowerCase(Locale.ROOT))) {
                memberOf.add(team);
            }
        }
        return memberOf;
    }

    private Set<String> members(String team) {
        return teamMembers.computeIfAbsent(team, t -> {
            String[] parts = t.substring("github-team:".length()).split("/", 2);
            if (parts.length != 2) {
                notes.add("policy names " + t + ", which is not github-team:ORG/TEAM: nobody is in it");
                return Set.of();
            }
            return call("reading the members of team " + parts[0] + "/" + parts[1], () -> {
                try {
                    Set<String> logins = new java.util.HashSet<>();
                    github.getOrganization(parts[0]).getTeamBySlug(parts[1]).listMembers().toList()
                            .forEach(user -> logins.add(user.getLogin().toLowerCase(Locale.ROOT)));
                    return logins;
                } catch (FileNotFoundException e) {
                    notes.add("team " + parts[0] + "/" + parts[1] + " could not be read with this token (not found):"
                            + " its members do not count through it. Reading teams needs a token with organization"
                            + " members read access (a GitHub App, or a fine-grained token), not the workflow's own");
                    return Set.of();
                } catch (HttpException e) {
                    if (e.getResponseCode() == 403) {
                        notes.add("team " + parts[0] + "/" + parts[1] + " could not be read with this token"
                                + " (forbidden): its members do not count through it");
                        return Set.of();
                    }
                    throw e;
                }
            });
        });
    }

    /** Something the GitHub API client does, which may fail with an I/O error. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    <T> T call(String what, Call<T> call) {
        return call(token, what, call);
    }

    static <T> T call(Token token, String what, Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new BackstopException(token.redact(explain(what, e)), e);
        } catch (GHException e) {
            // the client's iterators wrap I/O errors in this unchecked exception
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            throw new BackstopException(token.redact(cause instanceof IOException io ? explain(what, io)
                    : "GitHub API: " + what + " failed: " + e.getMessage()), e);
        }
    }

    /** One line: what was being done, what GitHub said, and what usually causes it. */
    static String explain(String what, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiUnavailableException) {
                return t.getMessage() + " (while " + what + ")";
            }
        }
        int status = e instanceof HttpException http ? http.getResponseCode() : -1;
        if (e instanceof FileNotFoundException) {
            status = 404;
        }
        String said = githubMessage(e.getMessage());
        String prefix = "GitHub API: " + what + " failed";
        switch (status) {
            case 401:
                return prefix + ": HTTP 401 (" + said + "): the token is wrong or expired";
            case 403:
                return prefix + ": HTTP 403 (" + said + "): the token lacks a permission; the workflow needs"
                        + " `permissions:` checks: write (read for verify), pull-requests: read, contents: read";
            case 404:
                return prefix + ": HTTP 404 (" + said + "): it does not exist, or the token cannot see it";
            case -1:
                return prefix + ": " + said;
            default:
                return prefix + ": HTTP " + status + " (" + said + ")";
        }
    }

    /** GitHub's {@code message} from an error body, or the exception's text, on one line and not too long. */
    private static String githubMessage(String body) {
        String message = body;
        if (body != null) {
            int brace = body.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode node = JSON.readTree(body.substring(brace));
                    if (node.path("message").isTextual()) {
                        message = node.path("message").asText();
                    }
                } catch (IOException | RuntimeException ignored) {
                    // not JSON: keep the text
                }
            }
        }
        if (message == null || message.isBlank()) {
            return "no message";
        }
        message = message.replaceAll("\\s+", " ").trim();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String url(URL url) {
        return url == null ? null : url.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
