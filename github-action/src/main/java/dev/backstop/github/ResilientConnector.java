package dev.backstop.github;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Carries the GitHub API client's requests over the JDK's HTTP client, with a time limit on every exchange and
 * bounded retries. A 500, 502, 503 or 504, a timeout or broken connection, a rate limit that says how long to wait
 * (secondary limits: 429, or 403 with {@code Retry-After}), and a success whose JSON body does not parse are
 * retried: {@code attempts} tries in all, waiting 1 s, 2 s, 4 s... (capped) between them, or what
 * {@code Retry-After} asks when that is no longer than {@code maxWait}. Then the request fails with
 * {@link ApiUnavailableException}, whose one-line message names the request (method and path, never the token)
 * and what went wrong; callers fail closed on it.
 *
 * <p>Other answers (401, 403 without a rate limit, 404, 422) are returned as they are: the client turns them into
 * its own exceptions. The request's body is read once and resent on each try. Responses are asked for
 * uncompressed, so the body can be checked here.
 */
public final class ResilientConnector implements GitHubConnector {
    /** Waits between tries; tests pass one that only records. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param timeout  the limit on one exchange, from sending the request to the end of the response body
     * @param attempts tries in all (at least 1)
     * @param backoff  the wait before the second try; doubled for each further try
     * @param maxWait  the longest wait: backoff is capped at it, and a rate limit asking for longer fails at once
     */
    public record Settings(Duration timeout, int attempts, Duration backoff, Duration maxWait) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), 4, Duration.ofSeconds(1),
                Duration.ofSeconds(60));

        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(maxWait, "maxWait");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
        }

        public Settings withTimeout(Duration value) {
            return new Settings(value, attempts, backoff, maxWait);
        }

        public Settings withBackoff(Duration value) {
            return new Settings(timeout, attempts, value, maxWait);
        }
    }

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "accept-encoding");
    private static final Set<Integer> SERVER_ERRORS = Set.of(500, 502, 503, 504);
    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient client;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Clock clock;

    public ResilientConnector(Settings settings, Sleeper sleeper, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ResilientConnector(Settings settings) {
        this(settings, duration -> Thread.sleep(duration.toMillis()), Clock.systemUTC());
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        byte[] body = request.hasBody() ? request.body().readAllBytes() : null;
        HttpRequest httpRequest = toHttpRequest(request, body);
        String what = request.method() + " " + describe(request);
        String problem = null;
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<byte[]> response = exchange(httpRequest);
                int status = response.statusCode();
                if (SERVER_ERRORS.contains(status)) {
                    problem = "answered HTTP " + status;
                    wait = backoff(attempt);
                } else if (isRateLimited(response)) {
                    wait = rateLimitWait(response);
                    problem = "hit GitHub's rate limit (HTTP " + status + ")";
                    if (wait.compareTo(settings.maxWait()) > 0) {
                        throw new ApiUnavailableException("GitHub API: " + what + " " + problem + " and asks to wait "
                                + wait.toSeconds() + " s, longer than Backstop waits (" + settings.maxWait().toSeconds()
                                + " s); nothing was decided: run it again later");
                    }
                } else if (status / 100 == 2 && !parses(response)) {
                    problem = "answered with malformed JSON";
                    wait = backoff(attempt);
                } else {
                    return new Response(request, response);
                }
            } catch (ApiUnavailableException e) {
                throw e;
            } catch (TimeoutException e) {
                problem = "did not answer within " + settings.timeout().toMillis() / 1000.0 + " s";
                wait = backoff(attempt);
            } catch (IOException e) {
                problem = "failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : " (" + e.getMessage() + ")");
                wait = backoff(attempt);
            }
            if (attempt >= settings.attempts()) {
                throw new ApiUnavailableException("GitHub API: " + what + " " + problem + " on " + attempt
                        + " attempt" + (attempt == 1 ? "" : "s") + "; nothing was decided (fail closed)");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry " + what);
            }
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) throws IOException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during a GitHub API request");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new TimeoutException(cause.getMessage());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        }
    }

    private HttpRequest toHttpRequest(GitHubConnectorRequest request, byte[] body) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URL: " + describe(request), e);
        }
        builder.timeout(settings.timeout());
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            if (header.getKey() != null && !RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))
                    && header.getValue() != null && !header.getValue().isEmpty()) {
                builder.header(header.getKey(), String.join(", ", header.getValue()));
            }
        }
        builder.method(request.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return builder.build();
    }

    /** 429, or 403 with Retry-After, gh-limited-by, an exhausted primary limit, or GitHub's secondary-limit text. */
    private static boolean isRateLimited(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 429) {
            return true;
        }
        if (status != 403) {
            return false;
        }
        var headers = response.headers();
        return headers.firstValue("Retry-After").isPresent() || headers.firstValue("gh-limited-by").isPresent()
                || headers.firstValue("X-RateLimit-Remaining").filter("0"::equals).isPresent()
                || new String(response.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                        .contains("secondary rate limit");
    }

    /** Retry-After (seconds or a date); else until X-RateLimit-Reset; else a minute, as GitHub asks. */
    private Duration rateLimitWait(HttpResponse<byte[]> response) {
        var headers = response.headers();
        var retryAfter = headers.firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().trim();
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                try {
                    return nonNegative(Duration.between(clock.instant(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
                } catch (DateTimeParseException ignored) {
                    // fall through to the other signals
                }
            }
        }
        var remaining = headers.firstValue("X-RateLimit-Remaining");
        var reset = headers.firstValue("X-RateLimit-Reset");
        if (remaining.filter("0"::equals).isPresent() && reset.isPresent()) {
            try {
                return nonNegative(Duration.ofSeconds(Long.parseLong(reset.get().trim())
                        - clock.instant().getEpochSecond()));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return Duration.ofMinutes(1);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private Duration backoff(int attempt) {
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
    }

    /** An empty body is fine (204); a JSON body must parse to its end. */
    private static boolean parses(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return true;
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.contains("json")) {
            return true;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The request's path and query, for messages: never its headers (the token is there). */
    private static String describe(GitHubConnectorRequest request) {
        try {
            URI uri = request.url().toURI();
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return "(a request)";
        }
    }

    /** A fully read response. */
    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
            super(request, response.statusCode(), response.headers().map());
            this.body = response.body() == null ? new byte[0] : response.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
