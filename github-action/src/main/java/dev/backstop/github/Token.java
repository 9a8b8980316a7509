package dev.backstop.github;

import java.util.Objects;

/**
 * The GitHub token. It goes into the Authorization header and nowhere else: {@link #toString()} never shows it, so
 * no message, record or stack trace that mentions this object can print it.
 */
public final class Token {
    private final String value;

    public Token(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself, for the Authorization header only. */
    String reveal() {
        return value;
    }

    /** Removes the token from text that is about to be shown (defence in depth: nothing should contain it). */
    public String redact(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, "***");
    }

    @Override
    public String toString() {
        return "***";
    }
}
