package dev.backstop.bench;

import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.policy.PolicyEnforcement;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import java.time.LocalDate;
import java.util.ArrayList;
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
 * The built-in rules and the policy's enforcement over changes already read (no parsing): what {@code PlanCheck}
 * does per change and at the end of the plan, with the built-in policy.
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
        PolicyEnforcement enforcement = new PolicyEnforcement(policy, null, LocalDate.of(2026, 11, 2));
        List<Rule> active = new ArrayList<>(policy.ruleBook().rules(policy));
        active.addAll(enforcement.rules(policy.catalog()));
        PlanContext context = new PlanContext(policy.catalog());
        List<Finding> findings = new ArrayList<>();
        List<Finding> fromChange = new ArrayList<>();
        for (ResourceChange change : plan) {
            context.observe(change);
            fromChange.clear();
            for (Rule rule : active) {
                rule.onChange(change, context, fromChange::add);
            }
            enforcement.onChange(change, fromChange);
            findings.addAll(fromChange);
        }
        for (Rule rule : active) {
            rule.onPlanEnd(info, context, findings::add);
        }
        return enforcement.finish(findings);
    }
}
