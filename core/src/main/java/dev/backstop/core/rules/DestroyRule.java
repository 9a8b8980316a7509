package dev.backstop.core.rules;

import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.function.Consumer;

/**
 * The foundation's stand-in for the catalog-driven rules: every destroy or replacement of a managed resource
 * (deposed objects included) needs sign-off, and so does any action list Backstop does not understand.
 */
public final class DestroyRule implements Rule {
    public static final String ID = "destroy";
    public static final String UNKNOWN_ACTION_ID = "unknown-action";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void onChange(ResourceChange change, Consumer<Finding> findings) {
        if (change.isDataSource()) {
            return;
        }
        if (change.isDestructive()) {
            findings.accept(finding(ID, Severity.HIGH, change, describe(change)));
        } else if (change.kind() == ChangeKind.UNKNOWN) {
            findings.accept(finding(UNKNOWN_ACTION_ID, Severity.MEDIUM, change,
                    "Terraform plans actions " + change.actions() + " that Backstop does not know; review it by hand"));
        }
    }

    private static String describe(ResourceChange change) {
        String what;
        if (change.kind() == ChangeKind.REPLACE) {
            what = change.isCreateBeforeDestroy()
                    ? "will be replaced (the new object is created first, then the existing one is destroyed)"
                    : "will be destroyed and re-created";
        } else if (change.kind() == ChangeKind.DELETE) {
            what = "will be destroyed";
        } else {
            what = "will be deleted by actions " + change.actions();
        }
        String because = ChangeExplanation.reason(change);
        List<String> paths = ChangeExplanation.replacePaths(change);
        StringBuilder message = new StringBuilder(change.type()).append(' ').append(what);
        if (because != null) {
            message.append(": ").append(because);
        }
        if (!paths.isEmpty()) {
            message.append(paths.size() == 1 ? "; changing `" : "; changing ")
                    .append(paths.size() == 1 ? paths.get(0) + "`" : "`" + String.join("`, `", paths) + "`")
                    .append(" forces it");
        }
        return message.toString();
    }

    static Finding finding(String rule, Severity severity, ResourceChange change, String message) {
        return new Finding(rule, severity, change.displayAddress(), change.type(), change.actions(), message,
                change.actionReason(), ChangeExplanation.replacePaths(change));
    }
}
