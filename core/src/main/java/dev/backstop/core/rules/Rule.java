package dev.backstop.core.rules;

import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.ResourceChange;
import java.util.function.Consumer;

/**
 * One judgement about a plan. Rules see each change once, as the plan streams by, and may add plan-wide findings
 * at the end (for example when they count destroys). A rule keeps only what it needs between the two.
 */
public interface Rule {
    /** Stable id used in reports, policies and {@code backstop explain}. */
    String id();

    void onChange(ResourceChange change, Consumer<Finding> findings);

    default void onPlanEnd(PlanInfo plan, Consumer<Finding> findings) {
    }
}
