package dev.backstop.core.rules;

import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.ResourceChange;
import java.util.function.Consumer;

/**
 * One judgement about a plan. Rules see each change once, as the plan streams by, and may add findings at the end
 * from what the {@link PlanContext} gathered (for example when a finding depends on other changes in the plan).
 * Rules keep no state of their own: everything per plan lives in the context.
 */
public interface Rule {
    /** Stable id used in reports, policies and {@code backstop explain}. */
    String id();

    default void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
    }

    default void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
    }
}
