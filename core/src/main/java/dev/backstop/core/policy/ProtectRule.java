package dev.backstop.core.policy;

import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.function.Consumer;

/** Denies the destroy or replacement of anything the policy's {@code protect} list names. */
final class ProtectRule implements Rule {
    static final String ID = "protected-destroy";

    private final List<ProtectEntry> entries;
    private final Severity severity;

    ProtectRule(List<ProtectEntry> entries, Severity severity) {
        this.entries = entries;
        this.severity = severity;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
        if (!change.isDestructive() || change.isDataSource()) {
            return;
        }
        for (ProtectEntry entry : entries) {
            if (entry.matches(change)) {
                String what = change.actions().contains("create") ? "replacement" : "destroy";
                findings.accept(new Finding(ID, severity, change.displayAddress(), change.type(), change.actions(),
                        change.displayAddress() + " is protected by policy (" + entry.reason() + ", at "
                                + entry.position() + "); its " + what + " is denied and no approval can override that.",
                        change.actionReason(), List.of(),
                        "Change the Terraform code so the object is kept: restore its resource block, add a `moved`"
                                + " block if it was renamed, or use `removed { lifecycle { destroy = false } }` to stop"
                                + " managing it. If it really must go, first remove its protect entry from the policy"
                                + " in a reviewed change.",
                        true, null, null));
                return;
            }
        }
    }
}
