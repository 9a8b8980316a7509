package dev.backstop.core.rules;

import dev.backstop.core.catalog.Role;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.verdict.Severity;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The destroy rules. Each decides at the end of the plan, because whether a destroyed bucket holds backups can
 * depend on a resource that comes later in the file (the replication rule that names it).
 */
final class DestroyRules {
    private DestroyRules() {
    }

    /** Destroy or replacement of a resource that holds data. */
    static final class StatefulDestroy extends SeverityRule {
        static final String ID = "stateful-destroy";

        StatefulDestroy(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            for (DestroyedResource resource : context.destroyed()) {
                if (resource.hasRole(Role.DATA) && context.backupEvidence(resource).isEmpty()) {
                    var kind = resource.kind().orElseThrow();
                    findings.accept(resource.finding(ID, severity, resource.type() + " " + resource.happening()
                            + ". It holds data (" + kind.categoryLabel() + ": " + kind.note() + ")"
                            + (kind.container() ? ", including everything stored inside it" : "")
                            + "; the data is lost unless a backup or snapshot exists outside this plan."));
                }
            }
        }
    }

    /** Destroy or replacement of a member (compute) of something that holds the data. */
    static final class MemberDestroy extends SeverityRule {
        static final String ID = "member-destroy";

        MemberDestroy(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            for (DestroyedResource resource : context.destroyed()) {
                if (resource.hasRole(Role.MEMBER)) {
                    var kind = resource.kind().orElseThrow();
                    findings.accept(resource.finding(ID, severity, resource.type() + " " + resource.happening()
                            + ". It is a member of " + kind.holdsDataIn() + " (" + kind.note()
                            + "): the data stays there; expect downtime or a failover."));
                }
            }
        }
    }

    /** Destroy or replacement of a backup store, or of a bucket recognised as holding backups. */
    static final class BackupDestroy extends SeverityRule {
        static final String ID = "backup-destroy";

        BackupDestroy(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            for (DestroyedResource resource : context.destroyed()) {
                Optional<String> evidence = context.backupEvidence(resource);
                if (evidence.isPresent()) {
                    findings.accept(resource.finding(ID, severity, resource.type() + " " + resource.happening()
                            + ". It holds backups: " + evidence.get()
                            + ". Destroying backups removes the way back from a data loss."));
                }
            }
        }
    }

    /** Destroy of a managed type the catalog does not know: shown, never blocking by default. */
    static final class UnlistedDestroy extends SeverityRule {
        static final String ID = "destroy";

        UnlistedDestroy(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            for (DestroyedResource resource : context.destroyed()) {
                if (resource.kind().isEmpty() && context.catalog().existenceProtection(resource.type()).isEmpty()) {
                    findings.accept(resource.finding(ID, severity, resource.type() + " " + resource.happening()
                            + ". The catalog does not list this type as holding data."));
                }
            }
        }
    }
}
