package dev.backstop.core.plan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of a plan as they stream past and stops reading, with a {@link PlanException} that names the
 * limit and how to raise it, once there are more than the maximum. An endless or runaway input (a pipe that never
 * closes, {@code /dev/zero}, a binary plan of gigabytes on standard input) therefore ends in a clear error, never in
 * unbounded time, memory or disk.
 */
final class MaxSizeInputStream extends FilterInputStream {
    private final long max;
    private final String what;
    private long count;

    /** @param what names the input in the message, e.g. "plan.json" or "standard input" */
    MaxSizeInputStream(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        if (count > max) {
            throw new PlanException(what + " is larger than the maximum plan size of " + PlanSizes.format(max)
                    + "; if it really is a plan, raise the limit with --max-plan-size or " + PlanSizes.VARIABLE);
        }
    }
}
