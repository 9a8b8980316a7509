package dev.backstop.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The pull request a workflow run is about, from the webhook payload at {@code GITHUB_EVENT_PATH}.
 * {@code pull_request}, {@code pull_request_target}, {@code pull_request_review} and
 * {@code pull_request_review_comment} carry the pull request with its head commit; {@code issue_comment} carries
 * only its number (and only when the comment is on a pull request, not an issue). Other events name none.
 *
 * @param eventName   the event, as {@code GITHUB_EVENT_NAME} says
 * @param pullRequest the pull request's number, or null when the event is not about one
 * @param headSha     the head commit the event saw, or null when the payload does not carry it
 */
public record EventPayload(String eventName, Integer pullRequest, String headSha) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** No event file (run outside a workflow, or a test): no pull request unless {@code --pr} names one. */
    public static EventPayload none() {
        return new EventPayload(null, null, null);
    }

    public static EventPayload read(String eventName, Path path) {
        if (path == null) {
            return new EventPayload(eventName, null, null);
        }
        JsonNode root;
        try {
            if (Files.size(path) > 25L * 1024 * 1024) {
                throw new BackstopException("the event payload " + path + " (GITHUB_EVENT_PATH) is over 25 MB");
            }
            root = JSON.readTree(path.toFile());
        } catch (NoSuchFileException e) {
            throw new BackstopException("the event payload " + path + " (GITHUB_EVENT_PATH) does not exist");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BackstopException("the event payload " + path + " (GITHUB_EVENT_PATH) is not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BackstopException("cannot read the event payload " + path + " (GITHUB_EVENT_PATH): "
                    + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BackstopException("the event payload " + path + " (GITHUB_EVENT_PATH) is not a JSON object");
        }
        JsonNode pull = root.path("pull_request");
        if (pull.isObject() && pull.path("number").canConvertToInt()) {
            String sha = pull.path("head").path("sha").asText(null);
            return new EventPayload(eventName, pull.path("number").asInt(), sha == null || sha.isBlank() ? null : sha);
        }
        JsonNode issue = root.path("issue");
        if (issue.isObject() && issue.path("number").canConvertToInt()) {
            if (!issue.has("pull_request")) {
                throw new BackstopException("the " + (eventName == null ? "event" : eventName) + " is about issue #"
                        + issue.path("number").asInt() + ", not a pull request: Backstop reviews pull requests only");
            }
            return new EventPayload(eventName, issue.path("number").asInt(), null);
        }
        return new EventPayload(eventName, null, null);
    }
}
