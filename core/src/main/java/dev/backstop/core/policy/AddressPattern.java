package dev.backstop.core.policy;

import java.util.regex.Pattern;

/**
 * A pattern over Terraform addresses, resource types, workspace or provider names, as written in a policy.
 *
 * <ul>
 *   <li>{@code *} matches any run of characters except {@code .} (one address step);</li>
 *   <li>{@code **} matches anything, dots included (any number of steps);</li>
 *   <li>everything else matches itself;</li>
 *   <li>a resource or module pattern that ends without an instance key matches every instance:
 *       {@code aws_db_instance.orders} matches {@code aws_db_instance.orders[0]} and {@code ["eu"]}.</li>
 * </ul>
 */
public final class AddressPattern {
    private final String text;
    private final Pattern regex;
    private final Pattern prefixRegex;

    private AddressPattern(String text, Pattern regex, Pattern prefixRegex) {
        this.text = text;
        this.regex = regex;
        this.prefixRegex = prefixRegex;
    }

    /** An address pattern: resource or module addresses, instance keys implied when absent. */
    public static AddressPattern address(YamlNode node, String what) {
        String text = node.asScalar(what).text(what);
        String problem = addressProblem(text);
        if (problem != null) {
            throw node.error(what + " \"" + text + "\" is not a valid address pattern: " + problem);
        }
        String body = translate(text);
        String instances = text.endsWith("]") || text.endsWith("*") ? "" : "(?:\\[[^\\]]*\\])?";
        return new AddressPattern(text, Pattern.compile(body + instances),
                Pattern.compile(body + instances + "(?:\\..*)?"));
    }

    /** A pattern over a plain name (a resource type, a workspace, a provider alias): no instance keys. */
    public static AddressPattern name(YamlNode node, String what) {
        String text = node.asScalar(what).text(what);
        if (hasSpaceOrControl(text)) {
            throw node.error(what + " \"" + text + "\" must not contain spaces or control characters");
        }
        if (text.contains("***")) {
            throw node.error(what + " \"" + text + "\": use * or **, not ***");
        }
        Pattern regex = Pattern.compile(translate(text));
        return new AddressPattern(text, regex, regex);
    }

    /** Patterns and principals are single words: a space or control character is a mistake, or an attack. */
    static boolean hasSpaceOrControl(String text) {
        return text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    private static String addressProblem(String text) {
        if (hasSpaceOrControl(text)) {
            return "it contains spaces or control characters";
        }
        if (text.contains("***")) {
            return "use * or **, not ***";
        }
        if (text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            return "an address step is empty";
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
                if (depth > 1) {
                    return "brackets nest";
                }
            } else if (c == ']') {
                depth--;
                if (depth < 0) {
                    return "a ] has no [";
                }
            }
        }
        if (quoted) {
            return "a quote is not closed";
        }
        return depth == 0 ? null : "a [ is not closed";
    }

    private static String translate(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c != '*') {
                literal.append(c);
                continue;
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else {
                regex.append("[^.]*");
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    public boolean matches(String value) {
        return value != null && regex.matcher(value).matches();
    }

    /** True when {@code value} is the address the pattern names, or lies inside it (a module's resources). */
    public boolean matchesWithin(String value) {
        return value != null && prefixRegex.matcher(value).matches();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
