package dev.backstop.core.policy;

import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A team's own rule from the policy: when its CEL condition holds for a change, it reports its message at its
 * severity, or denies the plan. Unchanged resources and data reads are not shown to conditions.
 *
 * <p>A condition that fails on a change (it reads a key the resource does not have, say) counts as holding: the
 * gate cannot tell, so it fails closed and says how to guard the expression with {@code has()}.
 */
public final class CustomRule implements Rule {
    private final String id;
    private final Severity severity;
    private final boolean deny;
    private final String message;
    private final CelCondition condition;
    private final SourcePosition position;
    private final Catalog catalog;
    private final Map<String, Object> plan;

    CustomRule(String id, Severity severity, boolean deny, String message, CelCondition condition,
            SourcePosition position) {
        this(id, severity, deny, message, condition, position, null, Map.of());
    }

    private CustomRule(String id, Severity severity, boolean deny, String message, CelCondition condition,
            SourcePosition position, Catalog catalog, Map<String, Object> plan) {
        this.id = id;
        this.severity = severity;
        this.deny = deny;
        this.message = message;
        this.condition = condition;
        this.position = position;
        this.catalog = catalog;
        this.plan = plan;
    }

    /** The rule as one check runs it: with the catalog (for {@code change.role}) and the plan-level values. */
    CustomRule boundTo(Catalog catalog, Map<String, Object> plan) {
        return new CustomRule(id, severity, deny, message, condition, position, catalog, plan);
    }

    @Override
    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public boolean deny() {
        return deny;
    }

    public String message() {
        return message;
    }

    public String condition() {
        return condition.expression();
    }

    public SourcePosition position() {
        return position;
    }

    @Override
    public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
        ChangeKind kind = change.kind();
        if (kind == ChangeKind.NO_OP || kind == ChangeKind.READ) {
            return;
        }
        String text;
        try {
            if (!condition.test(CelValues.change(change, catalog), plan)) {
                return;
            }
            text = message;
        } catch (CelCondition.EvaluationFailure e) {
            text = message + " (the condition could not be evaluated on this change: " + e.getMessage()
                    + "; so Backstop fails closed. Guard optional keys with has(), e.g. has(change.after.tags))";
        }
        findings.accept(new Finding(id, severity, change.displayAddress(), change.type(), change.actions(), text,
                change.actionReason(), List.of(), null, deny, null, null));
    }
}
