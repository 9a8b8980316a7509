package dev.backstop.core;

/**
 * Makes text that came from input (a plan, a policy, an approval) safe to put in a one-line message for a person:
 * it must not write terminal escapes or extra lines into a CI log, nor megabytes into one message.
 */
public final class SafeText {
    private SafeText() {
    }

    /**
     * {@code text} with line breaks and tabs as spaces, every other character that is not printable as a
     * {@code \\uXXXX} escape (as Terraform writes such characters in addresses), cut after {@code max} characters.
     */
    public static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), max);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (isPrintable(c)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (text.length() > max) {
            out.append("...");
        }
        return out.toString();
    }

    /** Letters, marks, numbers, punctuation, symbols and the ASCII space: what Go's {@code unicode.IsPrint} accepts. */
    public static boolean isPrintable(char c) {
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
