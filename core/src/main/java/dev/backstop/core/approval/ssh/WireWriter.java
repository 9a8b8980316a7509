package dev.backstop.core.approval.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes SSH wire encoding (RFC 4251 section 5). Used to build the data an SSHSIG signature covers. */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    WireWriter uint32(long value) {
        out.write((int) (value >>> 24) & 0xFF);
        out.write((int) (value >>> 16) & 0xFF);
        out.write((int) (value >>> 8) & 0xFF);
        out.write((int) value & 0xFF);
        return this;
    }

    WireWriter string(byte[] bytes) {
        uint32(bytes.length);
        return raw(bytes);
    }

    WireWriter string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A non-negative mpint in canonical form. */
    WireWriter mpint(BigInteger value) {
        return string(value.signum() == 0 ? new byte[0] : value.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
