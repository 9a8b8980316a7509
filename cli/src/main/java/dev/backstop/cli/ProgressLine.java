package dev.backstop.cli;

import dev.backstop.core.plan.PlanSource;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far a large plan has been read, on one line of a terminal's standard error, rewritten in place and cleared
 * when reading ends: {@code backstop: reading plan.json  123 / 285 MB  43%}. Plans under {@link #MIN_SIZE} are
 * read too quickly for it to be worth a line.
 */
final class ProgressLine implements PlanSource.Progress {
    /** Smaller files show nothing. */
    static final long MIN_SIZE = 20_000_000L;
    private static final long INTERVAL_NANOS = 250_000_000L;
    private static final long MB = 1_000_000L;

    private final PrintStream err;
    private final String name;
    private final LongSupplier nanoClock;
    private long nextUpdate = Long.MIN_VALUE;
    private int shown;

    ProgressLine(PrintStream err, String name) {
        this(err, name, System::nanoTime);
    }

    ProgressLine(PrintStream err, String name, LongSupplier nanoClock) {
        this.err = err;
        this.name = name;
        this.nanoClock = nanoClock;
    }

    @Override
    public void read(long bytes, long total) {
        if (total < MIN_SIZE) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (nextUpdate != Long.MIN_VALUE && now - nextUpdate < 0) {
            return;
        }
        nextUpdate = now + INTERVAL_NANOS;
        String line = String.format(Locale.ROOT, "backstop: reading %s  %d / %d MB  %d%%", name, bytes / MB,
                total / MB, bytes * 100 / total);
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = Math.max(shown, line.length());
    }

    @Override
    public void done() {
        if (shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
