package dev.backstop.core.policy;

import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import dev.backstop.core.verdict.Severity;
import java.util.List;
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
    private final CelInput input;

    CustomRule(String id, Severity severity, boolean deny, String message, CelCondition condition,
            SourcePosition position) {
        this(id, severity, deny, message, condition, position, null);
    }

    private CustomRule(String id, Severity severity, boolean deny, String message, CelCondition condition,
            SourcePosition position, CelInput input) {
        this.id = id;
        this.severity = severity;
        this.deny = deny;
        this.message = message;
        this.condition = condition;
        this.position = position;
        this.input = input;
    }

    /** The rule as one check runs it, reading changes and plan values from that check's input. */
    CustomRule boundTo(CelInput input) {
        return new CustomRule(id, severity, deny, message, condition, position, input);
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
            if (!condition.test(input.change(change), input.plan())) {
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
