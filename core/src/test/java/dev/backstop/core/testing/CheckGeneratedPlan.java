package dev.backstop.core.testing;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import java.time.Duration;
import java.util.List;

/** Entry point for a forked JVM with a small heap: checks a generated plan and prints its counts. */
public final class CheckGeneratedPlan {
    private CheckGeneratedPlan() {
    }

    public static void main(String[] args) {
        int unchanged = Integer.parseInt(args[0]);
        CheckReport report = PlanCheck.defaults().run(PlanSource.stdin(new GeneratedPlan(unchanged)),
                new PlanConverter(List.of("terraform"), Duration.ofSeconds(5)));
        System.out.println(report.summary().get("no-op") + " " + report.summary().get("delete") + " " + report.verdict().label());
    }
}
