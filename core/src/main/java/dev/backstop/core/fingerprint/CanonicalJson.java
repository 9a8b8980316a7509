package dev.backstop.core.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON encoding the fingerprint is computed over (specified in {@code docs/fingerprint.md}).
 *
 * <ul>
 *   <li>no whitespace; object keys sorted by Unicode code point (the same order as comparing UTF-8 bytes);</li>
 *   <li>strings: UTF-8, escaping only {@code "} and {@code \}, and control characters below U+0020 as
 *       {@code \b \f \n \r \t} or {@code \\u00xx} (lower-case hex); everything else is written literally;</li>
 *   <li>numbers: in plain decimal notation exactly as Terraform wrote them (no exponent, trailing zeros kept);</li>
 *   <li>{@code true}, {@code false}, {@code null}; a missing value is written as {@code null}.</li>
 * </ul>
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** Writes {@code node} (or {@code null} for an absent value) to {@code out}. */
    public static void write(JsonNode node, OutputStream out) {
        try {
            writeValue(node, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(JsonNode node) {
        var out = new java.io.ByteArrayOutputStream();
        write(node, out);
        return out.toByteArray();
    }

    private static void writeValue(JsonNode node, OutputStream out) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            ascii(out, "null");
        } else if (node.isObject()) {
            writeObject(node, out);
        } else if (node.isArray()) {
            out.write('[');
            boolean first = true;
            for (JsonNode element : node) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                writeValue(element, out);
            }
            out.write(']');
        } else if (node.isTextual()) {
            writeString(node.textValue(), out);
        } else if (node.isBoolean()) {
            ascii(out, node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            ascii(out, node.bigIntegerValue().toString());
        } else if (node.isNumber()) {
            ascii(out, node.decimalValue().toPlainString());
        } else {
            throw new IllegalArgumentException("cannot encode a " + node.getNodeType() + " node canonically");
        }
    }

    private static void writeObject(JsonNode node, OutputStream out) throws IOException {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            fields.add(it.next());
        }
        fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.write('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!first) {
                out.write(',');
            }
            first = false;
            writeString(field.getKey(), out);
            out.write(':');
            writeValue(field.getValue(), out);
        }
        out.write('}');
    }

    /** Orders strings by Unicode code point, which Java's UTF-16 {@code compareTo} does not do for all inputs. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void writeString(String value, OutputStream out) throws IOException {
        out.write('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape = escapeFor(c);
            if (escape != null) {
                out.write(value.substring(start, i).getBytes(StandardCharsets.UTF_8));
                ascii(out, escape);
                start = i + 1;
            }
        }
        out.write(value.substring(start).getBytes(StandardCharsets.UTF_8));
        out.write('"');
    }

    private static String escapeFor(char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            default:
                return c < 0x20 ? String.format("\\u%04x", (int) c) : null;
        }
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
