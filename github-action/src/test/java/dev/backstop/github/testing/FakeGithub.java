package dev.backstop.github.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small GitHub REST API on loopback (the JDK's own HTTP server, port chosen by the system), enough for the real
 * GitHub API for Java client: the repository, pull requests, reviews, comments, users, permissions, teams, commits
 * and check runs. It keeps what it is told and what it receives: tests assert on the recorded requests (the
 * check-run payloads, how many annotations each carried) and on the check runs it holds. Faults (a status, a delay,
 * a malformed body) can be queued for requests matching a method and path, to test retries and failing closed.
 */
public final class FakeGithub implements AutoCloseable {
    public static final String OWNER = "acme";
    public static final String NAME = "infra";
    public static final String REPOSITORY = OWNER + "/" + NAME;
    public static final String TOKEN = "ghs_FAKE0token0that0must0never0be0printed42";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPO_PATH = "/repos/" + REPOSITORY;

    /** One request the server received. */
    public record Recorded(String method, String path, String query, String body, String authorization) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** How many annotations a check-run request carried. */
        public int annotations() {
            return json().path("output").path("annotations").size();
        }
    }

    /** What a queued fault does instead of answering normally. */
    public record Fault(int status, Map<String, String> headers, String body, Duration delay) {
        public static Fault status(int status) {
            return new Fault(status, Map.of(), "{\"message\":\"Server Error\"}", Duration.ZERO);
        }

        public static Fault secondaryRateLimit(int retryAfterSeconds) {
            return new Fault(403, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                    "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you"
                            + " try again.\",\"documentation_url\":\"https://docs.github.com/rest\"}", Duration.ZERO);
        }

        public static Fault malformedJson() {
            return new Fault(200, Map.of(), "{\"id\": 1, \"name\": ", Duration.ZERO);
        }

        /** Answers normally, but only after this long (longer than the client waits: a timeout). */
        public static Fault delay(Duration delay) {
            return new Fault(0, Map.of(), null, delay);
        }
    }

    private record Queued(String method, Pattern path, Fault fault, int[] remaining) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final String base;
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Queued> faults = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, ObjectNode> pulls = new ConcurrentHashMap<>();
    private final Map<String, String> userTypes = new ConcurrentHashMap<>();
    private final Map<String, String> permissions = new ConcurrentHashMap<>();
    private final Map<Integer, List<ObjectNode>> reviews = new ConcurrentHashMap<>();
    private final Map<Integer, List<ObjectNode>> comments = new ConcurrentHashMap<>();
    private final Map<Long, ObjectNode> checkRuns = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<Integer>> commitPulls = new ConcurrentHashMap<>();
    private final Map<String, List<String>> teams = new ConcurrentHashMap<>();
    private long nextId = 1000;
    private String expectedToken = TOKEN;

    private FakeGithub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static FakeGithub start() {
        try {
            return new FakeGithub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What GITHUB_API_URL is set to. */
    public String apiUrl() {
        return base;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- state ----

    public FakeGithub pull(int number, String headSha, String author) {
        ObjectNode pull = JSON.createObjectNode();
        pull.put("id", 500 + number).put("number", number).put("state", "open").put("title", "change")
                .put("url", base + REPO_PATH + "/pulls/" + number)
                .put("html_url", base + "/" + REPOSITORY + "/pull/" + number)
                .put("mergeable_state", "clean").put("merge_commit_sha", "m" + headSha.substring(1));
        pull.set("user", user(author));
        pull.putObject("head").put("sha", headSha).put("ref", "feature-" + number);
        pull.putObject("base").put("sha", "0000000000000000000000000000000000000000").put("ref", "main");
        pulls.put(number, pull);
        return this;
    }

    public FakeGithub mergeCommit(int number, String sha) {
        pulls.get(number).put("merge_commit_sha", sha);
        return this;
    }

    public FakeGithub bot(String login) {
        userTypes.put(login, "Bot");
        return this;
    }

    /** {@code admin}, {@code write}, {@code read} or {@code none}; unknown users get 404. */
    public FakeGithub permission(String login, String permission) {
        permissions.put(login, permission);
        return this;
    }

    public FakeGithub review(int pull, String login, String state, String commitId, Instant submittedAt) {
        ObjectNode review = JSON.createObjectNode();
        long id = id();
        review.put("id", id).put("state", state).put("commit_id", commitId).put("body", "")
                .put("submitted_at", time(submittedAt))
                .put("html_url", base + "/" + REPOSITORY + "/pull/" + pull + "#pullrequestreview-" + id);
        review.set("user", user(login));
        reviews.computeIfAbsent(pull, k -> Collections.synchronizedList(new ArrayList<>())).add(review);
        return this;
    }

    public FakeGithub comment(int pull, String login, String body, Instant createdAt, Instant updatedAt) {
        ObjectNode comment = JSON.createObjectNode();
        long id = id();
        comment.put("id", id).put("body", body).put("created_at", time(createdAt)).put("updated_at", time(updatedAt))
                .put("author_association", "MEMBER")
                .put("url", base + REPO_PATH + "/issues/comments/" + id)
                .put("html_url", base + "/" + REPOSITORY + "/pull/" + pull + "#issuecomment-" + id);
        comment.set("user", user(login));
        comments.computeIfAbsent(pull, k -> Collections.synchronizedList(new ArrayList<>())).add(comment);
        return this;
    }

    public FakeGithub comment(int pull, String login, String body, Instant createdAt) {
        return comment(pull, login, body, createdAt, createdAt);
    }

    public FakeGithub commitPulls(String sha, Integer... numbers) {
        commitPulls.put(sha, List.of(numbers));
        return this;
    }

    /** A team the token can read (members listed); {@link #hiddenTeam} for one it cannot. */
    public FakeGithub team(String org, String slug, String... logins) {
        teams.put(org + "/" + slug, List.of(logins));
        return this;
    }

    /** A check run that is already there (posted by an earlier run). */
    public long existingCheckRun(String name, String headSha, String externalId, Instant startedAt, String text) {
        ObjectNode run = JSON.createObjectNode();
        long id = id();
        run.put("id", id).put("name", name).put("head_sha", headSha).put("status", "completed")
                .put("conclusion", "action_required").put("started_at", time(startedAt))
                .put("completed_at", time(startedAt))
                .put("url", base + REPO_PATH + "/check-runs/" + id)
                .put("html_url", base + "/" + REPOSITORY + "/runs/" + id);
        if (externalId != null) {
            run.put("external_id", externalId);
        }
        ObjectNode output = run.putObject("output");
        output.put("title", "earlier").put("summary", "earlier").put("annotations_count", 0);
        if (text != null) {
            output.put("text", text);
        }
        checkRuns.put(id, run);
        return id;
    }

    /** The next {@code times} requests of this method whose path matches {@code pathRegex} get {@code fault}. */
    public FakeGithub fault(String method, String pathRegex, Fault fault, int times) {
        faults.add(new Queued(method, Pattern.compile(pathRegex), fault, new int[] {times}));
        return this;
    }

    /** Requests are answered 401 unless they carry this token. */
    public FakeGithub expectToken(String token) {
        expectedToken = token;
        return this;
    }

    // ---- what happened ----

    public List<Recorded> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Recorded> requests(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return requests().stream().filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches())
                .toList();
    }

    /** Requests that wrote check runs (POST and PATCH), in order. */
    public List<Recorded> checkRunWrites() {
        return requests().stream().filter(r -> r.path().startsWith(REPO_PATH + "/check-runs")
                && (r.method().equals("POST") || r.method().equals("PATCH"))).toList();
    }

    public List<ObjectNode> checkRuns() {
        synchronized (checkRuns) {
            return List.copyOf(checkRuns.values());
        }
    }

    public ObjectNode checkRun(long id) {
        return checkRuns.get(id);
    }

    /** The most recently created check run. */
    public ObjectNode latestCheckRun() {
        List<ObjectNode> runs = checkRuns();
        if (runs.isEmpty()) {
            throw new AssertionError("no check run was posted");
        }
        return runs.get(runs.size() - 1);
    }

    // ---- the API ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Recorded(method, path, query, body, authorization));
            Fault fault = takeFault(method, path);
            if (fault != null && !fault.delay().isZero()) {
                try {
                    Thread.sleep(fault.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (fault != null) {
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                send(exchange, fault.status(), fault.body());
                return;
            }
            if (expectedToken != null && !("token " + expectedToken).equals(authorization)
                    && !("Bearer " + expectedToken).equals(authorization)) {
                send(exchange, 401, "{\"message\":\"Bad credentials\"}");
                return;
            }
            Object answer;
            try {
                answer = route(method, path, query, body);
            } catch (NotFound e) {
                send(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            if (answer instanceof Integer status) {
                send(exchange, status, "");
            } else {
                send(exchange, method.equals("POST") ? 201 : 200, JSON.writeValueAsString(answer));
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    private Fault takeFault(String method, String path) {
        synchronized (faults) {
            for (Queued queued : faults) {
                if (queued.method().equals(method) && queued.path().matcher(path).matches()
                        && queued.remaining()[0] > 0) {
                    queued.remaining()[0]--;
                    return queued.fault();
                }
            }
        }
        return null;
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Object route(String method, String path, String query, String body) throws IOException {
        Matcher m;
        if (method.equals("GET") && path.equals(REPO_PATH)) {
            ObjectNode repo = JSON.createObjectNode();
            repo.put("id", 1).put("name", NAME).put("full_name", REPOSITORY).put("private", true)
                    .put("url", base + REPO_PATH).put("html_url", base + "/" + REPOSITORY);
            repo.putObject("owner").put("login", OWNER).put("type", "Organization").put("id", 42);
            return repo;
        }
        if (method.equals("GET") && (m = match("/users/([^/]+)", path)) != null) {
            ObjectNode user = user(m.group(1));
            user.put("created_at", "2020-01-01T00:00:00Z");
            return user;
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/pulls/(\\d+)", path)) != null) {
            return found(pulls.get(Integer.parseInt(m.group(1))));
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/pulls/(\\d+)/reviews", path)) != null) {
            found(pulls.get(Integer.parseInt(m.group(1))));
            return array(reviews.getOrDefault(Integer.parseInt(m.group(1)), List.of()));
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/issues/(\\d+)/comments", path)) != null) {
            found(pulls.get(Integer.parseInt(m.group(1))));
            return array(comments.getOrDefault(Integer.parseInt(m.group(1)), List.of()));
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/collaborators/([^/]+)/permission", path)) != null) {
            String permission = found(permissions.get(m.group(1)));
            ObjectNode answer = JSON.createObjectNode();
            answer.put("permission", permission).put("role_name", permission);
            answer.set("user", user(m.group(1)));
            return answer;
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/commits/([0-9a-f]+)", path)) != null) {
            ObjectNode commit = JSON.createObjectNode();
            commit.put("sha", m.group(1)).put("url", base + REPO_PATH + "/commits/" + m.group(1));
            return commit;
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/commits/([0-9a-f]+)/pulls", path)) != null) {
            return array(commitPulls.getOrDefault(m.group(1), List.of()).stream().map(pulls::get).toList());
        }
        if (method.equals("GET") && (m = match(REPO_PATH + "/commits/([0-9a-f]+)/check-runs", path)) != null) {
            String sha = m.group(1);
            String name = param(query, "check_name");
            List<ObjectNode> runs = checkRuns().stream().filter(r -> r.path("head_sha").asText().equals(sha))
                    .filter(r -> name == null || r.path("name").asText().equals(name)).toList();
            ObjectNode page = JSON.createObjectNode();
            page.put("total_count", runs.size());
            page.set("check_runs", array(runs));
            return page;
        }
        if (method.equals("POST") && path.equals(REPO_PATH + "/check-runs")) {
            JsonNode request = JSON.readTree(body);
            ObjectNode run = JSON.createObjectNode();
            long id = id();
            run.put("id", id).put("name", request.path("name").asText()).put("head_sha", request.path("head_sha")
                    .asText()).put("url", base + REPO_PATH + "/check-runs/" + id)
                    .put("html_url", base + "/" + REPOSITORY + "/runs/" + id)
                    .put("started_at", request.path("started_at").asText(time(Instant.now())));
            run.putObject("output").put("annotations_count", 0);
            apply(run, request);
            checkRuns.put(id, run);
            return run;
        }
        if (method.equals("PATCH") && (m = match(REPO_PATH + "/check-runs/(\\d+)", path)) != null) {
            ObjectNode run = found(checkRuns.get(Long.parseLong(m.group(1))));
            apply(run, JSON.readTree(body));
            return run;
        }
        if (method.equals("GET") && (m = match("/orgs/([^/]+)", path)) != null) {
            ObjectNode org = JSON.createObjectNode();
            org.put("login", m.group(1)).put("id", 42).put("url", base + "/orgs/" + m.group(1));
            return org;
        }
        if (method.equals("GET") && (m = match("/orgs/([^/]+)/teams/([^/]+)", path)) != null) {
            String key = m.group(1) + "/" + m.group(2);
            found(teams.get(key));
            ObjectNode team = JSON.createObjectNode();
            team.put("id", teamId(key)).put("slug", m.group(2)).put("name", m.group(2))
                    .put("url", base + "/organizations/42/team/" + teamId(key));
            return team;
        }
        if (method.equals("GET") && (m = match("/organizations/42/team/(\\d+)/members", path)) != null) {
            int id = Integer.parseInt(m.group(1));
            String key = teams.keySet().stream().filter(k -> teamId(k) == id).findFirst().orElseThrow(NotFound::new);
            return array(teams.get(key).stream().map(this::user).toList());
        }
        throw new NotFound();
    }

    /** Check-run fields as GitHub keeps them: later values replace earlier ones; annotations add up. */
    private static void apply(ObjectNode run, JsonNode request) {
        for (String field : List.of("status", "conclusion", "external_id", "details_url", "started_at",
                "completed_at")) {
            if (request.has(field)) {
                run.set(field, request.get(field));
            }
        }
        JsonNode output = request.path("output");
        if (output.isObject()) {
            ObjectNode kept = (ObjectNode) run.path("output");
            for (String field : List.of("title", "summary", "text")) {
                if (output.has(field)) {
                    kept.set(field, output.get(field));
                }
            }
            kept.put("annotations_count", kept.path("annotations_count").asInt() + output.path("annotations").size());
        }
    }

    private static int teamId(String key) {
        return 7 + Math.abs(key.hashCode() % 1000);
    }

    private ObjectNode user(String login) {
        ObjectNode user = JSON.createObjectNode();
        user.put("login", login).put("id", Math.abs(login.hashCode())).put("type", userTypes.getOrDefault(login,
                login.endsWith("[bot]") ? "Bot" : "User")).put("url", base + "/users/" + login)
                .put("html_url", base + "/" + login);
        return user;
    }

    private static ArrayNode array(List<? extends JsonNode> nodes) {
        ArrayNode array = JSON.createArrayNode();
        nodes.forEach(array::add);
        return array;
    }

    private static <T> T found(T value) {
        if (value == null) {
            throw new NotFound();
        }
        return value;
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private synchronized long id() {
        return nextId++;
    }

    public static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (bytes.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
