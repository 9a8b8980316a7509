package dev.backstop.core.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An input generated as it is read, never held: a prefix, a chunk repeated {@code times} times (or for ever), and a
 * suffix. Makes hostile plans of hundreds of megabytes, or endless ones, in a few bytes of memory.
 */
public final class RepeatedInput extends InputStream {
    public static final long ENDLESS = -1;

    private final byte[][] parts;
    private final long times;
    private int part;
    private long repeated;
    private int position;
    private long delivered;

    private RepeatedInput(byte[] prefix, byte[] chunk, long times, byte[] suffix) {
        if (chunk.length == 0) {
            throw new IllegalArgumentException("empty chunk");
        }
        this.parts = new byte[][] {prefix, chunk, suffix};
        this.times = times;
    }

    public static RepeatedInput of(String prefix, String chunk, long times, String suffix) {
        return new RepeatedInput(prefix.getBytes(StandardCharsets.UTF_8), chunk.getBytes(StandardCharsets.UTF_8), times,
                suffix.getBytes(StandardCharsets.UTF_8));
    }

    public static RepeatedInput of(byte[] prefix, byte[] chunk, long times, byte[] suffix) {
        return new RepeatedInput(prefix, chunk, times, suffix);
    }

    /** Bytes handed out so far. */
    public long delivered() {
        return delivered;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int written = 0;
        while (written < length && part < parts.length) {
            byte[] current = parts[part];
            if (part == 1 && times != ENDLESS && repeated >= times) {
                part++;
                position = 0;
                continue;
            }
            int n = Math.min(length - written, current.length - position);
            System.arraycopy(current, position, buffer, offset + written, n);
            written += n;
            position += n;
            if (position == current.length) {
                position = 0;
                if (part == 1) {
                    repeated++;
                } else {
                    part++;
                }
            }
        }
        delivered += written;
        return written == 0 ? -1 : written;
    }
}
