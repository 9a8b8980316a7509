package dev.backstop.core.plan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes UTF-8 through unchanged and refuses, with a {@link PlanException}, any byte sequence that is not
 * well-formed UTF-8 (Unicode table 3-7): stray continuation bytes, overlong forms such as {@code C0 AF} for
 * {@code /}, encoded surrogates, code points above U+10FFFF, a sequence cut off at the end. Jackson decodes some of
 * these leniently; another reader of the same file (Python, Go, Terraform) would refuse them or read something
 * else, and the fingerprint must mean the same plan to everyone. Terraform writes only well-formed UTF-8.
 */
final class StrictUtf8InputStream extends FilterInputStream {
    private int need;
    private int lower = 0x80;
    private int upper = 0xBF;
    private long offset;

    StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        } else {
            check((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        int n = super.read(buffer, from, length);
        if (n < 0) {
            atEnd();
        }
        // Plans are almost all ASCII: runs of bytes below 0x80 outside a multi-byte character need no work. They are
        // skipped eight at a time (the OR of eight bytes is negative only if one of them is), which keeps this pass
        // cheap even under the C1 compiler bin/backstop uses; the other bytes go through check(), with the offset
        // kept exact for the error message.
        long base = offset;
        int end = from + Math.max(n, 0);
        int i = from;
        while (i < end) {
            if (need == 0) {
                while (i + 8 <= end && (buffer[i] | buffer[i + 1] | buffer[i + 2] | buffer[i + 3] | buffer[i + 4]
                        | buffer[i + 5] | buffer[i + 6] | buffer[i + 7]) >= 0) {
                    i += 8;
                }
                while (i < end && buffer[i] >= 0) {
                    i++;
                }
                if (i == end) {
                    break;
                }
            }
            offset = base + (i - from);
            check(buffer[i]);
            i++;
        }
        if (n > 0) {
            offset = base + n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(byte value) {
        int c = value & 0xFF;
        if (need == 0) {
            if (c >= 0x80) {
                start(c);
            }
        } else if (c < lower || c > upper) {
            throw invalid(c);
        } else {
            lower = 0x80;
            upper = 0xBF;
            need--;
        }
        offset++;
    }

    private void start(int c) {
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            lower = c == 0xE0 ? 0xA0 : 0x80;
            upper = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            lower = c == 0xF0 ? 0x90 : 0x80;
            upper = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            throw invalid(c);
        }
    }

    private void atEnd() {
        if (need > 0) {
            throw new PlanException("the plan is not valid UTF-8: it ends inside a multi-byte character (byte "
                    + offset + "); Terraform writes UTF-8, so the file was cut off or is not a plan");
        }
    }

    private PlanException invalid(int c) {
        return new PlanException("the plan is not valid UTF-8: byte " + String.format("0x%02X", c) + " at offset "
                + offset + " is not allowed there; Terraform writes well-formed UTF-8, so the file was damaged,"
                + " re-encoded or is not a plan");
    }
}
