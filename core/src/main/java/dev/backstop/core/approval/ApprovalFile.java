package dev.backstop.core.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.SafeText;
import dev.backstop.core.plan.PlanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An approval as it travels (a file in a pull request, a CI artifact): the signed statement bytes, base64, and the
 * armored SSH signature over exactly those bytes.
 *
 * <pre>{@code
 * {"type": "backstop/approval/v1", "payload_type": "application/vnd.in-toto+json",
 *  "payload": "<base64 of the statement>", "signature": "-----BEGIN SSH SIGNATURE-----\n..."}
 * }</pre>
 *
 * Anyone can check one with stock OpenSSH, without Backstop (see docs/approvals.md).
 *
 * @param source where it was read from, for messages
 */
public record ApprovalFile(String source, byte[] payload, String signature) {
    public static final String TYPE = "backstop/approval/v1";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    /** Approvals are small; anything bigger is not one. */
    static final long MAX_BYTES = 256 * 1024;

    public byte[] toBytes() {
        ObjectNode root = PlanJson.mapper().createObjectNode();
        root.put("type", TYPE);
        root.put("payload_type", PAYLOAD_TYPE);
        root.put("payload", Base64.getEncoder().encodeToString(payload));
        root.put("signature", signature);
        try {
            return (PlanJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one approval file; a file that is not one is an error naming it. */
    public static ApprovalFile read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BackstopException(file + ": too large to be an approval (over " + MAX_BYTES + " bytes)");
            }
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BackstopException("cannot read approval " + file + ": " + e.getMessage(), e);
        }
    }

    static ApprovalFile parse(String source, byte[] bytes) {
        JsonNode root;
        try {
            root = PlanJson.mapper().readTree(bytes);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Jackson's NumberFormatException for a number no BigDecimal can hold
            throw new BackstopException(source + ": not an approval (not valid JSON)");
        }
        if (root == null || !root.isObject() || !TYPE.equals(root.path("type").asText(null))) {
            throw new BackstopException(source + ": not an approval (no \"type\": \"" + TYPE + "\")");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!Set.of("type", "payload_type", "payload", "signature").contains(name)) {
                throw new BackstopException(source + ": unexpected field \"" + SafeText.shown(name, 80)
                        + "\" in an approval");
            }
        }
        if (!PAYLOAD_TYPE.equals(root.path("payload_type").asText(null))) {
            throw new BackstopException(source + ": payload_type must be " + PAYLOAD_TYPE);
        }
        JsonNode payload = root.get("payload");
        JsonNode signature = root.get("signature");
        if (payload == null || !payload.isTextual() || signature == null || !signature.isTextual()) {
            throw new BackstopException(source + ": an approval needs a payload and a signature (strings)");
        }
        try {
            return new ApprovalFile(source, Base64.getDecoder().decode(payload.textValue()), signature.textValue());
        } catch (IllegalArgumentException e) {
            throw new BackstopException(source + ": the payload is not base64");
        }
    }

    /**
     * The approvals at {@code path}: the file itself, or every {@code *.json} file in the directory (not recursive).
     * Files that cannot be read as approvals are returned as failures, not skipped: a reviewer must see them.
     */
    public static List<Loaded> load(Path path) {
        List<Loaded> loaded = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    loaded.add(loadOne(file));
                }
            } catch (IOException e) {
                throw new BackstopException("cannot list approvals in " + path + ": " + e.getMessage(), e);
            }
        } else if (Files.isRegularFile(path)) {
            loaded.add(loadOne(path));
        } else {
            throw new BackstopException("approvals " + path + " do not exist");
        }
        return loaded;
    }

    private static Loaded loadOne(Path file) {
        try {
            return new Loaded(file.toString(), read(file), null);
        } catch (BackstopException e) {
            return new Loaded(file.toString(), null, e.getMessage());
        }
    }

    /** One file's outcome: the approval, or why it is not one. */
    public record Loaded(String source, ApprovalFile approval, String problem) {
    }
}
