package dev.backstop.core.approval.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Test-side SSH wire encoding, written independently of the code under test: builds blobs to feed it, and
 * splits real blobs made by ssh-keygen into their top-level fields so tests can change one field.
 */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire of() {
        return new Wire();
    }

    Wire raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    Wire raw(String ascii) {
        return raw(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    Wire uint32(long value) {
        out.write((int) (value >>> 24) & 0xFF);
        out.write((int) (value >>> 16) & 0xFF);
        out.write((int) (value >>> 8) & 0xFF);
        out.write((int) value & 0xFF);
        return this;
    }

    Wire string(byte[] bytes) {
        return uint32(bytes.length).raw(bytes);
    }

    Wire string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    Wire mpint(BigInteger value) {
        return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }

    /** The strings of a blob made only of strings (a key blob, a signature blob), in order. */
    static List<byte[]> strings(byte[] blob) {
        List<byte[]> fields = new ArrayList<>();
        int at = 0;
        while (at < blob.length) {
            int length = ((blob[at] & 0xFF) << 24) | ((blob[at + 1] & 0xFF) << 16) | ((blob[at + 2] & 0xFF) << 8)
                    | (blob[at + 3] & 0xFF);
            at += 4;
            byte[] field = new byte[length];
            System.arraycopy(blob, at, field, 0, length);
            fields.add(field);
            at += length;
        }
        return fields;
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
