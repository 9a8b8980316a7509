package dev.backstop.core.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Handoff;
import dev.backstop.core.plan.ChangeEntry;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanHandler;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.plan.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a plan on one thread while the caller's thread judges it: the reader parses each entry, the caller builds
 * it into a change, fingerprints it and runs the rules on the changes already read, in the same order, so the result is the
 * one a single thread gets. On a machine with two cores a large plan takes the time of reading it, not of reading
 * plus judging (docs/performance.md).
 *
 * <p>At most {@link #BATCHES} batches of {@link #BATCH} changes wait between the two, so memory stays flat. A
 * failure on either side stops both and is rethrown to the caller as it was thrown.
 */
final class Pipeline {
    static final int BATCH = 64;
    static final int BATCHES = 4;

    private Pipeline() {
    }

    private record Configuration(String modulePath, JsonNode resource) {
    }

    private record End(PlanInfo info, Throwable failure) {
    }

    /** Reads {@code source} through {@code handler}; the handler's methods run on the calling thread, except
     * {@link PlanHandler#wantsValues} and {@link PlanHandler#wantsConfiguration}, which the reader asks and which must
     * therefore only read state that does not change while the plan is read. */
    static PlanInfo read(PlanSource source, PlanConverter converter, PlanHandler handler) {
        BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(BATCHES);
        Reader reader = new Reader(source, converter, handler, queue);
        Thread thread = new Thread(reader, "backstop-plan-reader");
        thread.setDaemon(true);
        thread.start();
        try {
            while (true) {
                List<Object> batch = take(queue, thread);
                for (Object item : batch) {
                    if (item instanceof ChangeEntry entry) {
                        handler.onChange(entry.build());
                    } else if (item instanceof Configuration configuration) {
                        handler.onConfigurationResource(configuration.modulePath(), configuration.resource());
                    } else {
                        End end = (End) item;
                        join(thread);
                        if (end.failure() != null) {
                            throw rethrow(end.failure());
                        }
                        return end.info();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            reader.cancelled = true;
            queue.clear();
            join(thread);
            throw e;
        }
    }

    /** The next batch; if the reader has died without passing on its end (memory exhausted), a failure. */
    private static List<Object> take(BlockingQueue<List<Object>> queue, Thread reader) {
        List<Object> batch;
        try {
            batch = Handoff.take(queue, () -> !reader.isAlive());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the plan", e);
        }
        if (batch == null) {
            throw new IllegalStateException("the plan reader stopped without finishing");
        }
        return batch;
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(failure);
    }

    /** The reading side: batches what the plan reader hands it and passes the batches on. */
    private static final class Reader implements Runnable, PlanHandler {
        private final PlanSource source;
        private final PlanConverter converter;
        private final PlanHandler handler;
        private final BlockingQueue<List<Object>> queue;
        private List<Object> batch = new ArrayList<>(BATCH);
        volatile boolean cancelled;

        Reader(PlanSource source, PlanConverter converter, PlanHandler handler, BlockingQueue<List<Object>> queue) {
            this.source = source;
            this.converter = converter;
            this.handler = handler;
            this.queue = queue;
        }

        @Override
        public void run() {
            End end;
            try {
                end = new End(source.read(this, converter), null);
            } catch (Cancelled e) {
                return;
            } catch (Throwable e) {
                end = new End(null, e);
            }
            try {
                batch.add(end);
                pass();
            } catch (Throwable e) {
                // The caller has stopped listening (Cancelled), or there is not even memory to pass the end on: the
                // caller sees this thread gone and fails. Nothing may escape to be printed as a stack trace.
            }
        }

        @Override
        public void onChange(ResourceChange change) {
            throw new IllegalStateException("the plan reader hands on entries, not changes");
        }

        /** Passed on unbuilt: building a change is left to the judging thread, which has time to spare. */
        @Override
        public void onChangeEntry(ChangeEntry entry) {
            add(entry);
        }

        @Override
        public boolean wantsValues(String mode, String type, String address, String previousAddress,
                List<String> actions) {
            return handler.wantsValues(mode, type, address, previousAddress, actions);
        }

        @Override
        public boolean wantsConfiguration() {
            return handler.wantsConfiguration();
        }

        @Override
        public void onConfigurationResource(String modulePath, JsonNode resource) {
            add(new Configuration(modulePath, resource));
        }

        private void add(Object item) {
            batch.add(item);
            if (batch.size() == BATCH) {
                pass();
            }
        }

        private void pass() {
            try {
                if (!Handoff.put(queue, batch, () -> cancelled)) {
                    throw new Cancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled();
            }
            batch = new ArrayList<>(BATCH);
        }
    }

    /** Stops the reader when the caller has failed; never seen outside. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }
}
