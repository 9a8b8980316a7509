package dev.backstop.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.catalog.ExistenceProtection;
import dev.backstop.core.catalog.Protection;
import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.verdict.Severity;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Rules decided by one change alone. */
final class ChangeRules {
    private ChangeRules() {
    }

    static Finding finding(String rule, Severity severity, ResourceChange change, String message, String remedy) {
        return new Finding(rule, severity, change.displayAddress(), change.type(), change.actions(), message,
                change.actionReason(), ChangeExplanation.replacePaths(change), remedy);
    }

    /**
     * A change that weakens protection ahead of a later delete: deletion protection off, final snapshot skipped,
     * retention cut, versioning suspended, force_destroy on; or the deletion of a resource that is itself the
     * protection (a versioning or vault-lock resource). Increases of protection never match.
     */
    static final class ProtectionWeakened extends SeverityRule {
        static final String ID = "protection-weakened";
        private static final int MAX_SHOWN_VALUE = 40;

        ProtectionWeakened(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
            if (change.isDataSource()) {
                return;
            }
            ChangeKind kind = change.kind();
            if (kind == ChangeKind.UPDATE || kind == ChangeKind.REPLACE) {
                for (Protection protection : context.catalog().protections(change.type())) {
                    weakened(change, protection).ifPresent(findings);
                }
            }
            if (kind == ChangeKind.DELETE) {
                Optional<ExistenceProtection> existence = context.catalog().existenceProtection(change.type());
                existence.ifPresent(p -> findings.accept(finding(ID, severity, change, change.type()
                        + " will be destroyed, and with it a protection of " + p.protects() + ": " + p.note() + ".",
                        "Keep the protection in place; if the protected resource is being retired, remove them"
                                + " together in a reviewed change, after its data is backed up.")));
            }
        }

        private Optional<Finding> weakened(ResourceChange change, Protection protection) {
            if (protection.path().marked(change.afterUnknown())) {
                return Optional.empty(); // not known until apply: cannot be judged yet, and not a weakening in the plan
            }
            List<JsonNode> before = protection.path().values(change.before());
            List<JsonNode> after = protection.path().values(change.after());
            int slots = Math.max(Math.max(before.size(), after.size()), 1);
            for (int i = 0; i < slots; i++) {
                JsonNode was = i < before.size() ? before.get(i) : null;
                JsonNode now = i < after.size() ? after.get(i) : null;
                if (protection.change().matches(was, now)) {
                    boolean secret = protection.path().marked(change.beforeSensitive())
                            || protection.path().marked(change.afterSensitive());
                    String values = secret ? "" : " (" + show(was) + " → " + show(now) + ")";
                    return Optional.of(finding(ID, severity, change, "`" + protection.path() + "` on " + change.type()
                            + " is " + protection.change().describe() + values + ": " + protection.note()
                            + ". This removes a safeguard that a later delete would meet.",
                            "Keep `" + protection.path() + "` as it was unless the resource is being retired on purpose;"
                                    + " if so, take a final snapshot or backup first and get this change reviewed."));
                }
            }
            return Optional.empty();
        }

        private static String show(JsonNode value) {
            if (value == null || value.isNull()) {
                return "unset";
            }
            if (value.isContainerNode()) {
                return value.isEmpty() ? "empty" : "set";
            }
            String text = value.asText();
            return text.length() > MAX_SHOWN_VALUE ? text.substring(0, MAX_SHOWN_VALUE) + "…" : text;
        }
    }

    /** {@code removed} with {@code destroy = false}: the object is left alone, only dropped from state. */
    static final class Forget extends SeverityRule {
        static final String ID = "forget";

        Forget(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
            if (!change.isDataSource() && change.kind() == ChangeKind.FORGET) {
                findings.accept(finding(ID, severity, change, change.type()
                        + " will be removed from Terraform state without being destroyed; the object stays and is no longer managed.",
                        null));
            }
        }
    }

    /** A {@code moved} block or rename: the object keeps living at a new address. */
    static final class Moved extends SeverityRule {
        static final String ID = "moved";

        Moved(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
            if (!change.isDataSource() && change.isMove()) {
                findings.accept(finding(ID, severity, change, change.type() + " moves from " + change.previousAddress()
                        + " to " + change.address() + "; nothing is destroyed by the move.", null));
            }
        }
    }

    /** Action lists Backstop does not know (a newer Terraform): reviewed by a person rather than guessed. */
    static final class UnknownAction extends SeverityRule {
        static final String ID = "unknown-action";

        UnknownAction(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onChange(ResourceChange change, PlanContext context, Consumer<Finding> findings) {
            if (change.kind() == ChangeKind.UNKNOWN) {
                findings.accept(finding(ID, severity, change, "Terraform plans actions " + change.actions()
                        + " for " + change.type() + ", which Backstop does not know; review it by hand.",
                        "Upgrade Backstop if a newer Terraform introduced these actions."));
            }
        }
    }
}
