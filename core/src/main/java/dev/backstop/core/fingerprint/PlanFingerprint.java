package dev.backstop.core.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanText;
import dev.backstop.core.plan.ResourceChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The plan fingerprint approvals are bound to: {@code sha256:<hex>} over every change that does something
 * (not {@code no-op}, not {@code read}), independent of key order, whitespace, {@code timestamp} and unchanged
 * resources. The algorithm is specified in {@code docs/fingerprint.md} so other tools can recompute it.
 *
 * <p>Each change is hashed as soon as it is read; only its address, deposed key and 32-byte digest are kept, so a
 * plan of 100,000 changes costs a few MB here, not the size of the plan.
 */
public final class PlanFingerprint {
    /** Written first into the outer hash, so a future change of algorithm can never collide with this one. */
    public static final String DOMAIN = "backstop-plan-fingerprint-v1\n";
    public static final String PREFIX = "sha256:";

    private static final HexFormat HEX = HexFormat.of();
    private static final Comparator<Entry> ORDER = Comparator
            .comparing(Entry::address, CanonicalJson::compareCodePoints)
            .thenComparing(Entry::deposed, CanonicalJson::compareCodePoints);

    private final List<Entry> entries = new ArrayList<>();
    private final CanonicalJson.DigestEncoder encoder = new CanonicalJson.DigestEncoder(sha256());

    /** Adds a change; {@code no-op} and {@code read} changes do not take part. */
    public void add(ResourceChange change) {
        ChangeKind kind = change.kind();
        if (kind == ChangeKind.NO_OP || kind == ChangeKind.READ) {
            return;
        }
        entries.add(new Entry(change.address(), change.deposed() == null ? "" : change.deposed(),
                encoder.digest(canonicalChange(change))));
    }

    /** The canonical object of one change: exactly these seven keys, absent values as {@code null}. */
    static ObjectNode canonicalChange(ResourceChange change) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode object = nodes.objectNode();
        var actions = object.putArray("actions");
        change.actions().forEach(actions::add);
        object.put("address", change.address());
        object.set("after", orNull(change.after()));
        object.set("after_unknown", orNull(change.afterUnknown()));
        object.set("before", orNull(change.before()));
        object.set("deposed", change.deposed() == null ? nodes.nullNode() : nodes.textNode(change.deposed()));
        object.set("replace_paths", orNull(change.replacePaths()));
        return object;
    }

    /**
     * The fingerprint of everything added so far.
     *
     * @throws PlanException when two changes share an address and deposed key: such a plan is ambiguous
     */
    public String value() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        MessageDigest outer = sha256();
        outer.update(DOMAIN.getBytes(StandardCharsets.UTF_8));
        Entry previous = null;
        for (Entry entry : sorted) {
            if (previous != null && ORDER.compare(previous, entry) == 0) {
                throw new PlanException("the plan is ambiguous: two changes for " + PlanText.shown(entry.address())
                        + (entry.deposed().isEmpty() ? "" : " (deposed " + PlanText.shown(entry.deposed()) + ")"));
            }
            outer.update((HEX.formatHex(entry.digest()) + "\n").getBytes(StandardCharsets.US_ASCII));
            previous = entry;
        }
        return PREFIX + HEX.formatHex(outer.digest());
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Entry(String address, String deposed, byte[] digest) {
    }
}
