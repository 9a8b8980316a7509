package dev.backstop.core.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the caller, so that whatever the source does per
 * byte (the strict UTF-8 check, the size limit, the system calls) runs beside the JSON parser instead of in front of
 * it. On a large plan the parser's thread is the one everything waits for (docs/performance.md).
 *
 * <p>The caller sees exactly the source's bytes, in order, and then exactly the source's end or failure: a
 * {@link RuntimeException} (such as a {@link PlanException} for invalid UTF-8) or an {@link IOException} thrown
 * by the source is rethrown by {@code read} once the bytes before it have been read. At most {@link #CHUNKS} chunks
 * of {@link #CHUNK} bytes are held, so memory stays flat. {@link #close} stops the thread before it closes the
 * source.
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 1 << 18;
    static final int CHUNKS = 4;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final InputStream source;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread worker;
    private volatile boolean closed;
    private Chunk current;
    private int position;
    private boolean finished;

    /** A run of bytes, or the end of the source ({@code length < 0}) with how it ended. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {
    }

    ReadAheadInputStream(InputStream source) {
        this.source = source;
        this.worker = new Thread(this::fill, "backstop-plan-read-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    private void fill() {
        while (true) {
            byte[] bytes = new byte[CHUNK];
            int length = 0;
            boolean atEnd = false;
            Throwable failure = null;
            try {
                while (length < CHUNK) {
                    int n = source.read(bytes, length, CHUNK - length);
                    if (n < 0) {
                        atEnd = true;
                        break;
                    }
                    length += n;
                }
            } catch (Throwable e) {
                if (closed) {
                    return; // the caller stopped reading; a failure now (the file closed under us) concerns nobody
                }
                failure = e;
            }
            // The bytes read before a failure or the end are passed on first, so the caller meets it where it is.
            if (length > 0 && !put(new Chunk(bytes, length, null))) {
                return;
            }
            if (atEnd || failure != null) {
                put(new Chunk(null, -1, failure));
                return;
            }
        }
    }

    /** False when the caller has closed the stream and nobody will take the chunk. */
    private boolean put(Chunk chunk) {
        try {
            while (!filled.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    return false;
                }
            }
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        if (!hasUnread()) {
            return -1;
        }
        return current.bytes()[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!hasUnread()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        System.arraycopy(current.bytes(), position, buffer, offset, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes; false at the end of the source. Rethrows the source's failure. */
    private boolean hasUnread() throws IOException {
        if (closed) {
            throw new IOException("read-ahead stream closed");
        }
        if (current != null && position < current.length()) {
            return true;
        }
        if (finished) {
            return false;
        }
        Chunk next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the plan");
        }
        if (next.length() < 0) {
            finished = true;
            current = null;
            Throwable failure = next.failure();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            return false;
        }
        current = next;
        position = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        filled.clear();
        worker.interrupt();
        try {
            worker.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }

    /** For tests: whether the read-ahead thread still runs. */
    boolean workerAlive() {
        return worker.isAlive();
    }
}
