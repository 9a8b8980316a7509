package dev.backstop.core;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Hands items between two threads through a bounded queue so that neither side can wait for ever on the other:
 * each wait is cut into short polls, and between polls the waiting side asks whether the other side is gone (it
 * closed, was cancelled, or its thread died, even of running out of memory). Used by the plan's read-ahead thread
 * and by the reader thread of a check.
 */
public final class Handoff {
    /** How long one poll waits before the other side is asked about again. */
    private static final long POLL_MILLIS = 100;

    private Handoff() {
    }

    /**
     * Puts {@code item}, waiting for room while the taker is there.
     *
     * @return false when {@code takerGone} says nobody will take it (the item may or may not be in the queue)
     */
    public static <T> boolean put(BlockingQueue<T> queue, T item, BooleanSupplier takerGone) throws InterruptedException {
        while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (takerGone.getAsBoolean()) {
                return false;
            }
        }
        return !takerGone.getAsBoolean();
    }

    /**
     * Takes the next item, waiting while the giver is there.
     *
     * @return null once {@code giverGone} says no more will come and nothing is left; what the giver put before it
     *         went is still taken first
     */
    public static <T> T take(BlockingQueue<T> queue, BooleanSupplier giverGone) throws InterruptedException {
        while (true) {
            T item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            if (giverGone.getAsBoolean()) {
                return queue.poll();
            }
        }
    }
}
