package dev.backstop.bench;

import dev.backstop.core.fingerprint.PlanFingerprint;
import dev.backstop.core.plan.ResourceChange;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The plan fingerprint (canonical JSON and SHA-256 of every change that does something) over changes already read. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FingerprintBenchmark {
    @Param({"1000"})
    public int changes;

    private List<ResourceChange> plan;

    @Setup(Level.Trial)
    public void setUp() {
        plan = BenchPlans.changes(BenchPlans.bytes(changes));
    }

    @Benchmark
    public String fingerprint() {
        PlanFingerprint fingerprint = new PlanFingerprint();
        for (ResourceChange change : plan) {
            fingerprint.add(change);
        }
        return fingerprint.value();
    }
}
