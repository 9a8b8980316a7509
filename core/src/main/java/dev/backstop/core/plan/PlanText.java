package dev.backstop.core.plan;

import dev.backstop.core.SafeText;

/**
 * Makes text taken from a plan safe to put in a one-line error message: a hostile plan must not be able to write
 * terminal escapes or extra lines into a CI log, nor megabytes into one message.
 */
public final class PlanText {
    /** Longer than any real address; a longer text is cut and marked. */
    static final int MAX = 200;

    private PlanText() {
    }

    /**
     * {@code text} with every character that is not printable written as a {@code \\uXXXX} escape (as Terraform
     * itself writes such characters in addresses), cut after {@value #MAX} characters.
     */
    public static String shown(String text) {
        return SafeText.shown(text, MAX);
    }

    /** {@link #shown} in double quotes. */
    static String quoted(String text) {
        return "\"" + shown(text) + "\"";
    }

    /** Letters, marks, numbers, punctuation, symbols and the ASCII space: what Go's {@code unicode.IsPrint} accepts. */
    static boolean isPrintable(char c) {
        return SafeText.isPrintable(c);
    }
}
