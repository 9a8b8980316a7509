package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.report.CheckReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Actions environment, event payloads and step outputs. */
class ActionsTest {
    @TempDir
    Path dir;

    @Test
    void theRepositoryAndATokenAreRequired() {
        assertThatThrownBy(() -> ActionsEnvironment.from(Map.of("GITHUB_TOKEN", "t"), null, dir))
                .isInstanceOf(BackstopException.class).hasMessageStartingWith("GITHUB_REPOSITORY is not set");
        assertThatThrownBy(() -> ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme"), "t", dir))
                .hasMessage("GITHUB_REPOSITORY is \"acme\", not OWNER/REPO");
        assertThatThrownBy(() -> ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme/infra"), null, dir))
                .hasMessageStartingWith("no GitHub token: set GITHUB_TOKEN");
    }

    @Test
    void theTokenOptionWinsAndTheTokenIsNeverShown() {
        ActionsEnvironment env = ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme/infra", "GITHUB_TOKEN",
                "from-env-secret"), "from-option-secret", dir);

        assertThat(env.token().reveal()).isEqualTo("from-option-secret");
        assertThat(env.toString()).doesNotContain("secret");
        assertThat(env.token().redact("x from-option-secret y")).isEqualTo("x *** y");
        assertThat(env.apiUrl()).isEqualTo("https://api.github.com");
        assertThat(env.runUrl()).isNull();
    }

    @Test
    void enterpriseServerUrlsAreUsed() {
        ActionsEnvironment env = ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme/infra", "GITHUB_TOKEN", "t",
                "GITHUB_API_URL", "https://ghe.example/api/v3/", "GITHUB_SERVER_URL", "https://ghe.example",
                "GITHUB_RUN_ID", "12"), null, dir);

        assertThat(env.apiUrl()).isEqualTo("https://ghe.example/api/v3");
        assertThat(env.runUrl()).isEqualTo("https://ghe.example/acme/infra/actions/runs/12");
    }

    @Test
    void eventPayloadsNameThePullRequest() throws Exception {
        assertThat(EventPayload.read("pull_request", write("{\"pull_request\":{\"number\":7,\"head\":{\"sha\":\"abc\"}}}")))
                .isEqualTo(new EventPayload("pull_request", 7, "abc"));
        assertThat(EventPayload.read("pull_request_review", write("{\"review\":{},\"pull_request\":{\"number\":8,"
                + "\"head\":{\"sha\":\"def\"}}}"))).isEqualTo(new EventPayload("pull_request_review", 8, "def"));
        assertThat(EventPayload.read("issue_comment", write("{\"issue\":{\"number\":9,\"pull_request\":{}}}")))
                .isEqualTo(new EventPayload("issue_comment", 9, null));
        assertThat(EventPayload.read("push", write("{\"ref\":\"refs/heads/main\"}")).pullRequest()).isNull();
        assertThatThrownBy(() -> EventPayload.read("issue_comment", write("{\"issue\":{\"number\":9}}")))
                .hasMessage("the issue_comment is about issue #9, not a pull request: Backstop reviews pull requests"
                        + " only");
        assertThatThrownBy(() -> EventPayload.read("push", write("not json"))).hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> EventPayload.read("push", dir.resolve("missing.json")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void outputsAreNameValueLinesAndHeredocsForLineBreaks() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("verdict", "allow");
        values.put("reason", "two\nlines");

        String text = ActionsOutputs.format(values);

        assertThat(text).startsWith("verdict=allow\nreason<<ghadelimiter_");
        String delimiter = text.split("\n")[1].substring("reason<<".length());
        assertThat(text).endsWith("\ntwo\nlines\n" + delimiter + "\n");
    }

    @Test
    void outputsAndTheSummaryAreAppendedOnlyWhenTheirVariablesAreSet() throws Exception {
        Path outputs = dir.resolve("out");
        Path summary = dir.resolve("summary.md");
        Files.writeString(outputs, "earlier=1\n");
        ActionsEnvironment env = ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme/infra", "GITHUB_TOKEN", "t",
                "GITHUB_OUTPUT", outputs.toString(), "GITHUB_STEP_SUMMARY", summary.toString()), null, dir);
        GithubGate.Outcome outcome = new GithubGate.Outcome(CheckReport.error("boom"), 1, null, null, null);

        ActionsOutputs.write(env, outcome);

        assertThat(Files.readString(outputs)).startsWith("earlier=1\nverdict=error\nexit-code=1\nfingerprint=\n")
                .contains("reason=boom\n");
        assertThat(Files.readString(summary)).contains("Backstop: ERROR");

        ActionsOutputs.write(ActionsEnvironment.from(Map.of("GITHUB_REPOSITORY", "acme/infra", "GITHUB_TOKEN", "t"),
                null, dir), outcome); // nothing to write, nothing fails
    }

    private Path write(String json) throws Exception {
        Path file = Files.createTempFile(dir, "event", ".json");
        Files.writeString(file, json);
        return file;
    }
}
