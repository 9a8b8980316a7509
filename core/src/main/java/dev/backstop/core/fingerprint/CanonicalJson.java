package dev.backstop.core.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.JsonStringBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
 *
 * <p>The bytes go through a small buffer straight to their destination (a digest, for the fingerprint), so a
 * change with a 100 MB string costs 64 KB here, not another copy of the string.
 */
public final class CanonicalJson {
    private static final int BUFFER = 1 << 16;
    /** Strings of up to this many characters (a quarter of the buffer in UTF-8) are encoded by the JDK and copied. */
    private static final int COPIED = BUFFER / 4 / 3;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private CanonicalJson() {
    }

    /** Writes {@code node} (or {@code null} for an absent value) to {@code out}. */
    public static void write(JsonNode node, OutputStream out) {
        Encoder encoder = new Encoder((b, off, len) -> {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        encoder.write(node);
        encoder.flush();
    }

    public static byte[] toBytes(JsonNode node) {
        var out = new java.io.ByteArrayOutputStream();
        write(node, out);
        return out.toByteArray();
    }

    /**
     * Orders strings by Unicode code point, which Java's UTF-16 {@code compareTo} does not do for all inputs. Below
     * U+D800 a character is its own code point and the orders agree, so the first difference decides unless a
     * surrogate or a character above them is involved; then the strings are compared code point by code point.
     */
    public static int compareCodePoints(String a, String b) {
        int shorter = Math.min(a.length(), b.length());
        for (int k = 0; k < shorter; k++) {
            char ca = a.charAt(k);
            char cb = b.charAt(k);
            if (ca != cb) {
                return ca < Character.MIN_SURROGATE && cb < Character.MIN_SURROGATE ? ca - cb : byCodePoints(a, b);
            }
        }
        return a.length() - b.length();
    }

    private static int byCodePoints(String a, String b) {
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

    /** Where encoded bytes go. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] bytes, int offset, int length);
    }

    /** A reusable encoder that feeds a digest: one per fingerprint, reset by each {@link #digest}. */
    static final class DigestEncoder {
        private final MessageDigest digest;
        private final Encoder encoder;

        DigestEncoder(MessageDigest digest) {
            this.digest = digest;
            this.encoder = new Encoder(digest::update);
        }

        /** SHA-256 (or whatever {@code digest} is) of the canonical encoding of {@code node}. */
        byte[] digest(JsonNode node) {
            encoder.write(node);
            encoder.flush();
            return digest.digest();
        }
    }

    /** Encodes into a fixed buffer, handing full buffers to the sink. Not thread-safe; reusable. */
    static final class Encoder {
        private final Sink sink;
        private final byte[] buffer = new byte[BUFFER];
        private int length;

        Encoder(Sink sink) {
            this.sink = sink;
        }

        void flush() {
            if (length > 0) {
                sink.write(buffer, 0, length);
                length = 0;
            }
        }

        private void room(int bytes) {
            if (length + bytes > buffer.length) {
                flush();
            }
        }

        private void put(int b) {
            if (length == buffer.length) {
                flush();
            }
            buffer[length++] = (byte) b;
        }

        private void ascii(String text) {
            if (text.length() > buffer.length) {
                for (int i = 0; i < text.length(); i++) {
                    put(text.charAt(i));
                }
                return;
            }
            room(text.length());
            for (int i = 0; i < text.length(); i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
        }

        void write(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                ascii("null");
            } else if (node.isObject()) {
                writeObject(node);
            } else if (node.isArray()) {
                put('[');
                boolean first = true;
                for (JsonNode element : node) {
                    if (!first) {
                        put(',');
                    }
                    first = false;
                    write(element);
                }
                put(']');
            } else if (node.isTextual()) {
                writeString(node.textValue());
            } else if (node.isBoolean()) {
                ascii(node.booleanValue() ? "true" : "false");
            } else if (node.isInt() || node.isLong()) {
                ascii(Long.toString(node.longValue()));
            } else if (node.isIntegralNumber()) {
                ascii(node.bigIntegerValue().toString());
            } else if (node.isNumber()) {
                ascii(node.decimalValue().toPlainString());
            } else {
                throw new IllegalArgumentException("cannot encode a " + node.getNodeType() + " node canonically");
            }
        }

        private void writeObject(JsonNode node) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
            boolean sorted = true;
            String previous = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (previous != null && sorted && compareCodePoints(previous, field.getKey()) > 0) {
                    sorted = false;
                }
                previous = field.getKey();
                fields.add(field);
            }
            if (!sorted) {
                fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
            }
            put('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : fields) {
                if (!first) {
                    put(',');
                }
                first = false;
                writeString(field.getKey());
                put(':');
                write(field.getValue());
            }
            put('}');
        }

        /**
         * UTF-8 exactly as {@code String.getBytes(UTF_8)} writes it (an unpaired surrogate becomes {@code ?}), with
         * only the escapes the specification names. A string of up to {@link #COPIED} characters (nearly all of a
         * plan's) is encoded by the JDK and its plain runs are copied whole, which under C1 costs a fraction of
         * encoding it character by character; a longer one is encoded here, so that it is never copied whole.
         */
        private void writeString(String value) {
            if (value.length() <= COPIED) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                put('"');
                int at = 0;
                while (true) {
                    int stop = JsonStringBytes.plainRun(utf8, at, utf8.length);
                    room(stop - at);
                    System.arraycopy(utf8, at, buffer, length, stop - at);
                    length += stop - at;
                    if (stop == utf8.length) {
                        break;
                    }
                    escape((char) utf8[stop]);
                    at = stop + 1;
                }
                put('"');
                return;
            }
            put('"');
            int n = value.length();
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    if (c >= 0x20 && c != '"' && c != '\\') {
                        put(c);
                    } else {
                        escape(c);
                    }
                } else if (c < 0x800) {
                    room(2);
                    buffer[length++] = (byte) (0xC0 | (c >> 6));
                    buffer[length++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, value.charAt(++i));
                    room(4);
                    buffer[length++] = (byte) (0xF0 | (codePoint >> 18));
                    buffer[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                    buffer[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[length++] = (byte) (0x80 | (codePoint & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    put('?');
                } else {
                    room(3);
                    buffer[length++] = (byte) (0xE0 | (c >> 12));
                    buffer[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buffer[length++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            put('"');
        }

        private void escape(char c) {
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\f' -> ascii("\\f");
                case '\n' -> ascii("\\n");
                case '\r' -> ascii("\\r");
                case '\t' -> ascii("\\t");
                default -> {
                    room(6);
                    buffer[length++] = '\\';
                    buffer[length++] = 'u';
                    buffer[length++] = '0';
                    buffer[length++] = '0';
                    buffer[length++] = HEX[c >> 4];
                    buffer[length++] = HEX[c & 0xF];
                }
            }
        }
    }
}
