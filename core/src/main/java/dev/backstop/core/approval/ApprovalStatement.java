package dev.backstop.core.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.SafeText;
import dev.backstop.core.plan.PlanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a reviewer signs: "I, principal, approve these findings of the plan with this fingerprint, for this reason,
 * until then". Shaped as an in-toto Statement v1 so supply-chain tooling can read it: the subject is the plan (its
 * digest is the Backstop fingerprint) and the predicate holds the approval.
 *
 * <pre>{@code
 * {"_type":"https://in-toto.io/Statement/v1",
 *  "subject":[{"name":"terraform-plan","digest":{"sha256":"<64 hex>"}}],
 *  "predicateType":"https://backstop.dev/approval/v1",
 *  "predicate":{"principal":"alice@example.com","reason":"...","created":"2026-11-21T15:00:00Z",
 *               "expires":"2026-11-22T15:00:00Z","findings":[{"rule":"stateful-destroy","address":"aws_db_instance.a"}],
 *               "tool":"backstop 0.1.0"}}
 * }</pre>
 */
public record ApprovalStatement(String fingerprint, List<Covered> findings, String principal, String reason,
        Instant created, Instant expires, String tool) {

    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://backstop.dev/approval/v1";
    static final String SUBJECT_NAME = "terraform-plan";
    private static final Pattern FINGERPRINT = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final int MAX_TEXT = 4096;

    /** A finding the approval covers, by rule and address (null address: a finding about the whole plan). */
    public record Covered(String rule, String address) {
        public Covered {
            Objects.requireNonNull(rule, "rule");
        }

        @Override
        public String toString() {
            return address == null ? rule + " (whole plan)" : rule + " on " + address;
        }
    }

    public ApprovalStatement {
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("not a plan fingerprint: " + fingerprint);
        }
        findings = List.copyOf(findings);
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expires, "expires");
    }

    /** The exact bytes that are signed: compact JSON, fixed key order, UTF-8. */
    public byte[] toBytes() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("_type", STATEMENT_TYPE);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", SUBJECT_NAME);
        subject.putObject("digest").put("sha256", fingerprint.substring("sha256:".length()));
        root.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = root.putObject("predicate");
        predicate.put("principal", principal);
        if (reason != null) {
            predicate.put("reason", reason);
        }
        predicate.put("created", created.toString());
        predicate.put("expires", expires.toString());
        ArrayNode covered = predicate.putArray("findings");
        for (Covered finding : findings) {
            ObjectNode entry = covered.addObject();
            entry.put("rule", finding.rule());
            if (finding.address() != null) {
                entry.put("address", finding.address());
            }
        }
        if (tool != null) {
            predicate.put("tool", tool);
        }
        try {
            return PlanJson.mapper().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads signed bytes back, strictly: anything unexpected is a reason to reject the approval. */
    public static ApprovalStatement parse(byte[] bytes) {
        JsonNode root;
        try {
            root = PlanJson.mapper().readTree(bytes);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Jackson's NumberFormatException for a number no BigDecimal can hold
            throw new BackstopException("the statement is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new BackstopException("the statement is not a JSON object");
        }
        only(root, "statement", Set.of("_type", "subject", "predicateType", "predicate"));
        if (!STATEMENT_TYPE.equals(root.path("_type").asText(null))) {
            throw new BackstopException("the statement is not an in-toto Statement v1");
        }
        if (!PREDICATE_TYPE.equals(root.path("predicateType").asText(null))) {
            throw new BackstopException("the statement's predicateType is not " + PREDICATE_TYPE);
        }
        JsonNode subjects = root.path("subject");
        if (!subjects.isArray() || subjects.size() != 1) {
            throw new BackstopException("the statement must name exactly one subject (the plan)");
        }
        JsonNode subject = subjects.get(0);
        only(subject, "subject", Set.of("name", "digest"));
        only(subject.path("digest"), "subject digest", Set.of("sha256"));
        String digest = text(subject.path("digest"), "sha256", true);
        if (!SUBJECT_NAME.equals(text(subject, "name", true))) {
            throw new BackstopException("the statement's subject is not a terraform-plan");
        }
        JsonNode predicate = root.path("predicate");
        only(predicate, "predicate", Set.of("principal", "reason", "created", "expires", "findings", "tool"));
        List<Covered> covered = new ArrayList<>();
        JsonNode list = predicate.path("findings");
        if (!list.isArray()) {
            throw new BackstopException("the statement's findings must be a list");
        }
        for (JsonNode entry : list) {
            only(entry, "finding", Set.of("rule", "address"));
            covered.add(new Covered(text(entry, "rule", true), text(entry, "address", false)));
        }
        try {
            return new ApprovalStatement("sha256:" + digest, covered, text(predicate, "principal", true),
                    text(predicate, "reason", false), instant(predicate, "created"), instant(predicate, "expires"),
                    text(predicate, "tool", false));
        } catch (IllegalArgumentException e) {
            throw new BackstopException("the statement's subject digest is not a plan fingerprint");
        }
    }

    private static void only(JsonNode node, String what, Set<String> allowed) {
        if (!node.isObject()) {
            throw new BackstopException("the statement's " + what + " is not an object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new BackstopException("the statement's " + what + " has an unexpected field \""
                        + SafeText.shown(name, 80) + "\"");
            }
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BackstopException("the statement has no " + field);
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > MAX_TEXT) {
            throw new BackstopException("the statement's " + field + " is not a usable string");
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field, true));
        } catch (DateTimeParseException e) {
            throw new BackstopException("the statement's " + field + " is not a UTC time such as 2026-11-21T15:00:00Z");
        }
    }
}
