package dev.backstop.github;

import dev.backstop.core.BackstopException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a GitHub Actions step is told through its environment. Missing essentials are an error (exit 1) with one
 * line that says which variable to set: Backstop never guesses a repository or runs without a token.
 *
 * @param apiUrl      {@code GITHUB_API_URL}: {@code https://api.github.com}, or a GitHub Enterprise Server's API
 * @param serverUrl   {@code GITHUB_SERVER_URL}, for links
 * @param repository  {@code GITHUB_REPOSITORY}: {@code owner/name}
 * @param token       {@code --token}, else {@code GITHUB_TOKEN}
 * @param eventName   {@code GITHUB_EVENT_NAME}, or null
 * @param eventPath   {@code GITHUB_EVENT_PATH}: the webhook payload that started the workflow, or null
 * @param sha         {@code GITHUB_SHA}, or null
 * @param runId       {@code GITHUB_RUN_ID}, for the details link, or null
 * @param outputFile  {@code GITHUB_OUTPUT}, or null when not in Actions
 * @param summaryFile {@code GITHUB_STEP_SUMMARY}, or null when not in Actions
 */
public record ActionsEnvironment(String apiUrl, String serverUrl, String repository, Token token, String eventName,
        Path eventPath, String sha, String runId, Path outputFile, Path summaryFile) {

    static final String DEFAULT_API_URL = "https://api.github.com";
    static final String DEFAULT_SERVER_URL = "https://github.com";
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /**
     * Reads the environment. {@code tokenOption} ({@code --token}) wins over {@code GITHUB_TOKEN}; paths are
     * resolved against {@code workingDirectory}.
     */
    public static ActionsEnvironment from(Map<String, String> env, String tokenOption, Path workingDirectory) {
        String repository = value(env, "GITHUB_REPOSITORY");
        if (repository == null) {
            throw new BackstopException("GITHUB_REPOSITORY is not set: run in GitHub Actions, or set it to OWNER/REPO");
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new BackstopException("GITHUB_REPOSITORY is \"" + repository + "\", not OWNER/REPO");
        }
        String token = tokenOption != null && !tokenOption.isBlank() ? tokenOption.trim() : value(env, "GITHUB_TOKEN");
        if (token == null) {
            throw new BackstopException("no GitHub token: set GITHUB_TOKEN (in a workflow: `env: GITHUB_TOKEN:"
                    + " ${{ github.token }}`) or pass --token");
        }
        String apiUrl = orDefault(value(env, "GITHUB_API_URL"), DEFAULT_API_URL);
        if (!apiUrl.startsWith("https://") && !apiUrl.startsWith("http://")) {
            throw new BackstopException("GITHUB_API_URL is \"" + apiUrl + "\", not an http(s) URL");
        }
        return new ActionsEnvironment(stripSlash(apiUrl), stripSlash(orDefault(value(env, "GITHUB_SERVER_URL"),
                DEFAULT_SERVER_URL)), repository, new Token(token), value(env, "GITHUB_EVENT_NAME"),
                path(env, "GITHUB_EVENT_PATH", workingDirectory), value(env, "GITHUB_SHA"), value(env, "GITHUB_RUN_ID"),
                path(env, "GITHUB_OUTPUT", workingDirectory), path(env, "GITHUB_STEP_SUMMARY", workingDirectory));
    }

    /** The workflow run's page, for the check run's details link; null outside Actions. */
    public String runUrl() {
        return runId == null ? null : serverUrl + "/" + repository + "/actions/runs/" + runId;
    }

    /** A pull request's page. */
    public String pullRequestUrl(int number) {
        return serverUrl + "/" + repository + "/pull/" + number;
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Path path(Map<String, String> env, String name, Path workingDirectory) {
        String value = value(env, name);
        return value == null ? null : workingDirectory.resolve(value);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
