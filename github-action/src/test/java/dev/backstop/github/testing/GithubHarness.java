package dev.backstop.github.testing;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans, events and a clock for the GitHub tests. */
public final class GithubHarness {
    /** When the first check run is posted in the tests. */
    public static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    public static final String HEAD = "abcdef0123456789abcdef0123456789abcdef01";
    public static final String OLD_HEAD = "1111111111111111111111111111111111111111";

    private GithubHarness() {
    }

    /** A clock tests move forward. */
    public static final class MovableClock extends Clock {
        private Instant now;

        public MovableClock(Instant start) {
            now = start;
        }

        public MovableClock at(Instant instant) {
            now = instant;
            return this;
        }

        public MovableClock advance(Duration duration) {
            now = now.plus(duration);
            return this;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** One resource_changes entry deleting {@code address} (a type the catalog knows as data, say). */
    public static String delete(String address) {
        String type = address.split("\\.")[0];
        String name = address.split("\\.")[1].replaceAll("\\[.*", "");
        String index = address.contains("[") ? ",\"index\":" + address.replaceAll(".*\\[(\\d+)\\].*", "$1") : "";
        return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\"" + index + ",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{\"actions\":"
                + "[\"delete\"],\"before\":{\"identifier\":\"x\"},\"after\":null,\"after_unknown\":{},"
                + "\"before_sensitive\":{},\"after_sensitive\":false},\"action_reason\":"
                + "\"delete_because_no_resource_config\"}";
    }

    public static String plan(String... changes) {
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"planned_values\":{\"root_module\":{}},"
                + "\"resource_changes\":[" + String.join(",", changes) + "],"
                + "\"applyable\":true,\"complete\":true,\"errored\":false}";
    }

    /** A plan that destroys one database: one high finding, one approver needed by the built-in policy. */
    public static String oneDatabase() {
        return plan(delete("aws_db_instance.orders"));
    }

    /** Another plan: a different fingerprint. */
    public static String twoDatabases() {
        return plan(delete("aws_db_instance.orders"), delete("aws_db_instance.invoices"));
    }

    /** {@code count} databases deleted from one counted resource block: many findings, each with a line. */
    public static String manyDatabases(int count) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.add(delete("aws_db_instance.db[" + i + "]"));
        }
        return plan(changes.toArray(String[]::new));
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload of a pull_request (or pull_request_review) event. */
    public static String pullRequestEvent(int number, String headSha) {
        return "{\"action\":\"synchronize\",\"number\":" + number + ",\"pull_request\":{\"number\":" + number
                + ",\"head\":{\"sha\":\"" + headSha + "\"},\"user\":{\"login\":\"author\"}}}";
    }

    /** The payload of an issue_comment event on a pull request. */
    public static String commentEvent(int number) {
        return "{\"action\":\"created\",\"issue\":{\"number\":" + number + ",\"pull_request\":{\"url\":\"x\"}},"
                + "\"comment\":{\"body\":\"/backstop approve\"}}";
    }

    /** The environment of an Actions step, pointed at the fake. */
    public static Map<String, String> env(FakeGithub github, String eventName, Path eventFile, Path outputs,
            Path summary) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_API_URL", github.apiUrl());
        env.put("GITHUB_SERVER_URL", "https://github.example");
        env.put("GITHUB_REPOSITORY", FakeGithub.REPOSITORY);
        env.put("GITHUB_TOKEN", FakeGithub.TOKEN);
        env.put("GITHUB_RUN_ID", "987654");
        if (eventName != null) {
            env.put("GITHUB_EVENT_NAME", eventName);
        }
        if (eventFile != null) {
            env.put("GITHUB_EVENT_PATH", eventFile.toString());
        }
        if (outputs != null) {
            env.put("GITHUB_OUTPUT", outputs.toString());
        }
        if (summary != null) {
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
        }
        return env;
    }

    public static CheckReport check(String planJson, Policy policy, Clock clock) {
        return new PlanCheck(policy, null, clock).run(PlanSource.stdin(new java.io.ByteArrayInputStream(
                planJson.getBytes(StandardCharsets.UTF_8))), PlanConverter.choose(false, null, Duration.ofMinutes(1)));
    }
}
