package dev.backstop.core.report;

import java.util.function.IntFunction;

/**
 * The escaping every format shares, one method per target language. Addresses hold for_each keys that whoever
 * writes the configuration chooses, and messages quote them, so all plan-derived text passes through here before it
 * reaches a terminal, a CI log, HTML, or Markdown.
 */
public final class TextEscapes {
    private TextEscapes() {
    }

    /**
     * Control characters (and the Unicode line and paragraph separators) shown as {@code \\uXXXX}: a newline in an
     * address must not start a new line in a log, a comment or a workflow command, and escape sequences must not
     * rewrite a terminal.
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Printable text for HTML element content or a quoted attribute value. */
    public static String html(String text) {
        return replacing(printable(text), c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
        });
    }

    /**
     * Printable text that Markdown (CommonMark with GitHub's extensions) shows exactly as written: no HTML, no
     * emphasis, code spans, links, table cells or list items, and no {@code @mention} that would notify someone.
     * ASCII punctuation that Markdown gives meaning is backslash-escaped; {@code < > &} become entities, which
     * also keeps them inert inside raw HTML blocks; an {@code @} is followed by an empty HTML comment, which
     * renders as nothing but splits the text GitHub scans for mentions.
     */
    public static String markdown(String text) {
        return replacing(printable(text), c -> switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '@' -> "@<!-- -->";
            case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~', ':', '$' -> "\\" + (char) c;
            default -> null;
        });
    }

    /** {@code text} with each character for which {@code replacement} gives a string replaced by that string. */
    private static String replacing(String text, IntFunction<String> replacement) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replaced = replacement.apply(c);
            if (replaced == null) {
                out.append(c);
            } else {
                out.append(replaced);
            }
        }
        return out.toString();
    }

    /**
     * Printable text that XML 1.0 can hold: besides control characters, lone surrogates and U+FFFE/U+FFFF are not
     * allowed in an XML document at all (a parser rejects the whole file), so they become U+FFFD. Markup
     * characters are left to the XML writer, which escapes them.
     */
    public static String xml(String text) {
        String printable = printable(text);
        StringBuilder out = new StringBuilder(printable.length());
        for (int i = 0; i < printable.length(); i++) {
            char c = printable.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < printable.length() && Character.isLowSurrogate(printable.charAt(i + 1))) {
                out.append(c).append(printable.charAt(++i));
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The message of a GitHub Actions workflow command ({@code ::error ...::MESSAGE}), escaped as the runner
     * unescapes it: {@code %} first, then CR and LF, so the message stays on its line.
     */
    public static String githubData(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /**
     * A property value of a workflow command ({@code title=VALUE,file=VALUE}): as {@link #githubData}, and also
     * {@code :} and {@code ,}, which would otherwise end the properties or the value.
     */
    public static String githubProperty(String text) {
        return githubData(text).replace(":", "%3A").replace(",", "%2C");
    }
}
