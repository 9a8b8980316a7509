package dev.backstop.core.approval.ssh;

/** Makes text taken from untrusted input safe to put in a one-line message. */
final class Text {
    private static final int MAX = 80;

    private Text() {
    }

    /** {@code s} in double quotes, control and non-ASCII characters shown as {@code ?}, cut at 80 characters. */
    static String quote(String s) {
        return "\"" + clean(s) + "\"";
    }

    static String clean(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < MAX; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
