package dev.backstop.core.approval.ssh;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads SSH wire encoding (RFC 4251 section 5: uint32, string, mpint) from a byte array, refusing anything that
 * does not fit: every length is checked against the bytes that remain before anything is allocated, so a length
 * field cannot make the reader allocate more than the input it was given.
 */
final class WireReader {
    private final byte[] data;
    private final String what;
    private int position;

    /** {@code what} names the structure in messages, e.g. "SSH public key". */
    WireReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int remaining() {
        return data.length - position;
    }

    /** An unsigned 32-bit big-endian integer, as a long so it is never negative. */
    long uint32(String field) {
        need(4, field);
        long value = ((data[position] & 0xFFL) << 24) | ((data[position + 1] & 0xFFL) << 16)
                | ((data[position + 2] & 0xFFL) << 8) | (data[position + 3] & 0xFFL);
        position += 4;
        return value;
    }

    /** Exactly {@code n} raw bytes. */
    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = Arrays.copyOfRange(data, position, position + n);
        position += n;
        return out;
    }

    /** A string: uint32 length, then that many bytes. The length must fit in what remains. */
    byte[] string(String field) {
        long length = uint32(field + " length");
        if (length > remaining()) {
            throw error(field + " claims " + length + " bytes but only " + remaining() + " remain");
        }
        return bytes((int) length, field);
    }

    /** A string holding a name (key type, curve, hash): printable ASCII, 1 to 64 characters. */
    String name(String field) {
        byte[] bytes = string(field);
        if (bytes.length == 0 || bytes.length > 64) {
            throw error(field + " must be 1 to 64 characters, not " + bytes.length);
        }
        for (byte b : bytes) {
            if (b <= 0x20 || b >= 0x7f) {
                throw error(field + " is not a printable ASCII name");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** A string holding UTF-8 text without control characters. */
    String text(String field) {
        byte[] bytes = string(field);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(field + " is not valid UTF-8");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw error(field + " contains control characters");
        }
        return text;
    }

    /**
     * A non-negative mpint in its one canonical encoding: no unneeded leading zero byte, zero as the empty
     * string. Canonical encodings make "same key" and "same blob" mean the same thing.
     */
    BigInteger mpint(String field) {
        byte[] bytes = string(field);
        if (bytes.length == 0) {
            return BigInteger.ZERO;
        }
        if ((bytes[0] & 0x80) != 0) {
            throw error(field + " is negative");
        }
        if (bytes[0] == 0 && (bytes.length == 1 || (bytes[1] & 0x80) == 0)) {
            throw error(field + " has an unnecessary leading zero byte");
        }
        return new BigInteger(1, bytes);
    }

    /** Refuses bytes left over after the structure. */
    void end() {
        if (remaining() != 0) {
            throw error("has " + remaining() + " unexpected trailing bytes");
        }
    }

    SshFormatException error(String problem) {
        return new SshFormatException(what + ": " + problem);
    }

    private void need(int n, String field) {
        if (n > remaining()) {
            throw error(field + " is truncated (needs " + n + " bytes, " + remaining() + " remain)");
        }
    }
}
