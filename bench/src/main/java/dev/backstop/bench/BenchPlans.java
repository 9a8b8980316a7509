package dev.backstop.bench;

import dev.backstop.core.plan.PlanReader;
import dev.backstop.core.plan.ResourceChange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Generated plans held in memory for the micro-benchmarks, so they measure CPU work, not the disk. */
final class BenchPlans {
    private BenchPlans() {
    }

    static byte[] bytes(int changes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new PlanGenerator(changes, 3, 42).write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ResourceChange> changes(byte[] plan) {
        List<ResourceChange> changes = new ArrayList<>();
        new PlanReader().read(new ByteArrayInputStream(plan), changes::add);
        return changes;
    }
}
