package dev.backstop.core.verdict;

import java.util.Locale;

/** How much a finding matters, lowest first. Findings at or above the blocking severity need sign-off. */
public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The name used in reports and policy files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Severity parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown severity \"" + text + "\": expected info, low, medium, high or critical");
        }
    }
}
