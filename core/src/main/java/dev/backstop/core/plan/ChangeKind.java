package dev.backstop.core.plan;

import java.util.List;

/**
 * What a planned change does to the real object, derived from Terraform's {@code actions} list.
 *
 * <p>Terraform documents that a consumer must look for {@code "delete"} anywhere in the list to catch every
 * deletion, and that unknown action strings may appear in future versions; {@link #UNKNOWN} keeps such lists so the
 * rules can fail closed instead of guessing.
 */
public enum ChangeKind {
    CREATE("create"),
    UPDATE("update"),
    DELETE("delete"),
    /** {@code ["delete","create"]} (destroy first) or {@code ["create","delete"]} (create_before_destroy). */
    REPLACE("replace"),
    READ("read"),
    NO_OP("no-op"),
    /** Removed from state without destroying the object ({@code removed { lifecycle { destroy = false } }}). */
    FORGET("forget"),
    UNKNOWN("unknown");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    /** The name used in reports and the JSON schema. */
    public String label() {
        return label;
    }

    public static ChangeKind of(List<String> actions) {
        if (actions.size() == 1) {
            switch (actions.get(0)) {
                case "create": return CREATE;
                case "update": return UPDATE;
                case "delete": return DELETE;
                case "read": return READ;
                case "no-op": return NO_OP;
                case "forget": return FORGET;
                default: return UNKNOWN;
            }
        }
        if (actions.size() == 2) {
            String first = actions.get(0);
            String second = actions.get(1);
            if (pair(first, second, "delete", "create")) {
                return REPLACE;
            }
            // Terraform 1.16 writes ["create","forget"], OpenTofu 1.12 ["forget","create"]: a new object is made and
            // the old one is left alone in the cloud, only dropped from state. No data is destroyed.
            if (pair(first, second, "create", "forget")) {
                return FORGET;
            }
        }
        return UNKNOWN;
    }

    private static boolean pair(String first, String second, String a, String b) {
        return (first.equals(a) && second.equals(b)) || (first.equals(b) && second.equals(a));
    }
}
