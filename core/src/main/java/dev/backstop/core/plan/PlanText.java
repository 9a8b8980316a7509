package dev.backstop.core.plan;

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
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), MAX);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (isPrintable(c)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }

    /** {@link #shown} in double quotes. */
    static String quoted(String text) {
        return "\"" + shown(text) + "\"";
    }

    /** Letters, marks, numbers, punctuation, symbols and the ASCII space: what Go's {@code unicode.IsPrint} accepts. */
    static boolean isPrintable(char c) {
        if (c == ' ') {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
