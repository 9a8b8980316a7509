package dev.backstop.bench;

import dev.backstop.core.check.RuleRun;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.rules.Finding;
import java.time.LocalDate;
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

/**
 * The built-in rules and the policy's enforcement over changes already read (no parsing): {@link RuleRun}, as
 * {@code PlanCheck} runs it per change and at the end of the plan, with the built-in policy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RulesBenchmark {
    @Param({"1000"})
    public int changes;

    private List<ResourceChange> plan;
    private Policy policy;
    private PlanInfo info;

    @Setup(Level.Trial)
    public void setUp() {
        plan = BenchPlans.changes(BenchPlans.bytes(changes));
        policy = Policy.builtIn();
        info = new PlanInfo("1.2", PlanGenerator.TERRAFORM_VERSION, true, true, false, null, plan.size());
    }

    @Benchmark
    public List<Finding> rules() {
        RuleRun rules = new RuleRun(policy, null, LocalDate.of(2026, 11, 2));
        for (ResourceChange change : plan) {
            rules.onChange(change);
        }
        return rules.finish(info);
    }
}
