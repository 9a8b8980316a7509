package dev.backstop.core.report;

import dev.backstop.core.rules.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A stable identity for each finding, so code scanning and warnings-ng recognise the same finding in the next run
 * (and keep its triage state) instead of reporting a new one.
 *
 * <p>The key is a SHA-256 over the rule, the address, and the finding's position among findings with the same rule
 * and address (one resource can weaken two protections). The message is left out on purpose: it may quote the
 * changed setting (retention 7 → 1), and a different number is still the same finding.
 */
public final class FindingKeys {
    private static final String VERSION = "backstop-finding/v1";

    private FindingKeys() {
    }

    /** One key per finding, in the order given (the report's order, which is deterministic). */
    public static List<String> of(List<Finding> findings) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> keys = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            String identity = finding.rule() + '\u0000' + (finding.address() == null ? "" : finding.address());
            int occurrence = seen.merge(identity, 1, Integer::sum);
            keys.add(sha256(VERSION + '\u0000' + identity + '\u0000' + occurrence));
        }
        return keys;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
