package dev.backstop.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where the plain content of a JSON string ends in UTF-8 bytes: at a quote, a backslash or a control byte,
 * the only bytes a JSON string cannot hold as they are. The plan reader checks skipped values with it and the
 * canonical encoding of the fingerprint copies plain runs with it; both are hot loops of a large plan under the C1
 * compiler that {@code bin/backstop} uses, so eight bytes are tested at a time (docs/performance.md).
 */
public final class JsonStringBytes {
    /** Eight bytes of a byte array as one long, lowest address in the lowest byte. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** Bytes that end a run of plain string content. */
    private static final boolean[] STOP = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            STOP[c] = true;
        }
        STOP['"'] = true;
        STOP['\\'] = true;
    }

    private JsonStringBytes() {
    }

    /**
     * The index of the first quote, backslash or control byte in {@code b[from, to)}, or {@code to}. A byte equal to
     * {@code x} becomes zero in {@code w ^ x*ONES}, and {@code (v - ONES) & ~v & HIGH_BITS} sets the high bit of the
     * first zero byte of {@code v} (and maybe of later ones, never of earlier ones); {@code (w - 0x20*ONES) & ~w}
     * does the same for the first byte below 0x20. Bytes of multi-byte characters (0x80 and up) are never taken for
     * any of them.
     */
    public static int plainRun(byte[] b, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long w = (long) EIGHT_BYTES.get(b, i);
            long quote = w ^ ('"' * ONES);
            long backslash = w ^ ('\\' * ONES);
            long found = (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((w - 0x20 * ONES) & ~w))
                    & HIGH_BITS;
            if (found != 0) {
                // Which byte holds the lowest high bit: 1 << 8k times 0x00..07 has k in its top byte. Cheaper under
                // C1 than Long.numberOfTrailingZeros, which it does not compile to one instruction.
                return i + (int) ((((found & -found) >>> 7) * 0x0001020304050607L) >>> 56);
            }
            i += 8;
        }
        while (i < to && !STOP[b[i] & 0xFF]) {
            i++;
        }
        return i;
    }
}
