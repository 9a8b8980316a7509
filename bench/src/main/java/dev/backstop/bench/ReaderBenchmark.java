package dev.backstop.bench;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanReader;
import dev.backstop.core.plan.PlanSource;
import java.io.ByteArrayInputStream;
import java.time.Duration;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The plan reader alone (every section, one change at a time), and a whole check (reader, rules, fingerprint,
 * verdict) on the same bytes, per plan. Throughput in MB/s is the plan size divided by the time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReaderBenchmark {
    @Param({"1000"})
    public int changes;

    private byte[] plan;
    private PlanCheck check;
    private final PlanConverter converter = new PlanConverter(List.of("terraform"), Duration.ofSeconds(5));

    @Setup(Level.Trial)
    public void setUp() {
        plan = BenchPlans.bytes(changes);
        check = PlanCheck.defaults();
    }

    @Benchmark
    public long read(Blackhole hole) {
        return new PlanReader().read(new ByteArrayInputStream(plan), hole::consume).changeCount();
    }

    @Benchmark
    public Object check() {
        return check.run(PlanSource.stdin(new ByteArrayInputStream(plan)), converter);
    }
}
