package dev.backstop.github;

import java.io.IOException;

/**
 * GitHub could not be reached or kept failing after Backstop's bounded retries. An {@link IOException}, so it passes
 * through the GitHub API client unchanged as the cause of its own exception; {@link GithubRepo} finds it there and
 * reports its message, which names the request but never the token.
 */
public final class ApiUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ApiUnavailableException(String message) {
        super(message);
    }
}
