package dev.backstop.core.plan;

import dev.backstop.core.Handoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a thread of its own, a few chunks ahead of the caller, so that whatever the source does per
 * byte (the strict UTF-8 check, the size limit, the system calls) runs beside the JSON parser instead of in front of
 * it. On a large plan the parser's thread is the one everything waits for (docs/performance.md).
 *
 * <p>The caller sees exactly the source's bytes, in order, and then exactly the source's end or failure: a
 * {@link RuntimeException} (such as a {@link PlanException} for invalid UTF-8) or an {@link IOException} thrown
 * by the source is rethrown by {@code read} once the bytes before it have been read. A fixed set of {@link #BUFFERS}
 * buffers of {@link #CHUNK} bytes is filled and reused, so memory stays flat and, once reading is under
 * way, nothing is allocated. Nothing escapes the thread: whatever stops it, even running out of memory, reaches
 * the caller as the failure of a read, never as a stack trace. {@link #close} stops the thread before it closes
 * the source.
 */
final class ReadAheadInputStream extends InputStream {
    static final int CHUNK = 1 << 18;
    static final int CHUNKS = 4;
    /** The chunks waiting, the one being read by the caller, and the one being filled. */
    static final int BUFFERS = CHUNKS + 2;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final InputStream source;
    private final int chunk;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS);
    /** Buffers the caller has finished with, for the worker to fill again: no allocation once reading is under way. */
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread worker;
    private int allocated;
    private volatile boolean closed;
    /** What stopped the worker when it could not even pass its failure on (memory exhausted). */
    private volatile Throwable crashed;
    private Chunk current;
    private int position;
    private boolean finished;

    /** Whether the source refuses malformed UTF-8 ({@link StrictUtf8InputStream}), as {@link PlanSource}'s does. */
    boolean checksUtf8() {
        return source instanceof StrictUtf8InputStream;
    }

    /** A run of bytes, or the end of the source ({@code length < 0}) with how it ended. */
    private record Chunk(byte[] bytes, int length, Throwable failure) {
    }

    ReadAheadInputStream(InputStream source) {
        this(source, CHUNK);
    }

    /** For tests: chunks of {@code chunk} bytes, so that chunk edges fall where a test wants them. */
    ReadAheadInputStream(InputStream source, int chunk) {
        this.source = source;
        this.chunk = chunk;
        this.worker = new Thread(this::work, "backstop-plan-read-ahead");
        worker.setDaemon(true);
        worker.start();
    }

    /** Nothing escapes this thread: a failure, even running out of memory, is handed to the caller, never printed. */
    private void work() {
        try {
            fill();
        } catch (Throwable e) {
            crashed = e;
        }
    }

    private void fill() throws InterruptedException {
        while (true) {
            byte[] bytes = buffer();
            if (bytes == null) {
                return;
            }
            int length = 0;
            boolean atEnd = false;
            Throwable failure = null;
            try {
                while (length < chunk) {
                    int n = source.read(bytes, length, chunk - length);
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

    /** A buffer to fill: a new one while fewer than {@link #BUFFERS} exist, else one the caller gave back. */
    private byte[] buffer() throws InterruptedException {
        byte[] bytes = free.poll();
        if (bytes != null) {
            return bytes;
        }
        if (allocated < BUFFERS) {
            allocated++;
            return new byte[chunk];
        }
        return Handoff.take(free, () -> closed);
    }

    /** False when the caller has closed the stream and nobody will take the chunk. */
    private boolean put(Chunk chunk) throws InterruptedException {
        return Handoff.put(filled, chunk, () -> closed);
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
        if (current != null) {
            free.offer(current.bytes());
            current = null;
        }
        Chunk next = next();
        if (next.length() < 0) {
            finished = true;
            rethrow(next.failure());
            return false;
        }
        current = next;
        position = 0;
        return true;
    }

    /** The next chunk; if the worker has died without passing one on, what killed it. */
    private Chunk next() throws IOException {
        Chunk next;
        try {
            next = Handoff.take(filled, () -> !worker.isAlive());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the plan");
        }
        if (next == null) {
            finished = true;
            Throwable cause = crashed;
            rethrow(cause != null ? cause : new IOException("the plan's read-ahead thread stopped"));
        }
        return next;
    }

    private static void rethrow(Throwable failure) throws IOException {
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

    /** For tests: the buffer the caller is reading from. */
    byte[] currentBuffer() {
        return current == null ? null : current.bytes();
    }
}
