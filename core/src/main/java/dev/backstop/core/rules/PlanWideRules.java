package dev.backstop.core.rules;

import dev.backstop.core.catalog.Role;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.verdict.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Rules about the plan as a whole. */
final class PlanWideRules {
    private PlanWideRules() {
    }

    /**
     * One plan destroys data and the way back: a data store together with a backup store, or together with the key
     * that encrypts data (its backups become unreadable).
     */
    static final class SharedBlastRadius extends SeverityRule {
        static final String ID = "shared-blast-radius";
        private static final int NAMED = 5;

        SharedBlastRadius(Severity severity) {
            super(ID, severity);
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            List<DestroyedResource> data = new ArrayList<>();
            List<DestroyedResource> keys = new ArrayList<>();
            List<DestroyedResource> backups = new ArrayList<>();
            for (DestroyedResource resource : context.destroyed()) {
                if (context.backupEvidence(resource).isPresent()) {
                    backups.add(resource);
                } else if (resource.isEncryptionKey()) {
                    keys.add(resource);
                } else if (resource.hasRole(Role.DATA)) {
                    data.add(resource);
                }
            }
            boolean dataAndBackups = !backups.isEmpty() && !(data.isEmpty() && keys.isEmpty());
            boolean dataAndKeys = !keys.isEmpty() && !data.isEmpty();
            if (!dataAndBackups && !dataAndKeys) {
                return;
            }
            Comparator<DestroyedResource> byAddress = Comparator.comparing(DestroyedResource::address);
            data.sort(byAddress);
            keys.sort(byAddress);
            backups.sort(byAddress);
            DestroyedResource anchor = data.isEmpty() ? keys.get(0) : data.get(0);
            StringBuilder message = new StringBuilder("This plan destroys data and its way back in one action: ");
            message.append(describe("data store", data));
            if (!backups.isEmpty()) {
                message.append(data.isEmpty() ? "" : "; ").append(describe("backup store", backups));
            }
            if (!keys.isEmpty()) {
                message.append("; ").append(describe("encryption key", keys))
                        .append(" (data and backups encrypted with it become unreadable)");
            }
            message.append(". Keep backups outside the blast radius of the data they protect.");
            findings.accept(new Finding(ID, severity, anchor.address(), anchor.type(), anchor.actions(),
                    message.toString(), anchor.reason(), List.of(),
                    "Split the plan: destroy the data only after its backups are confirmed safe elsewhere"
                            + " (another account, project or stack), or keep the backups with `removed { lifecycle { destroy = false } }`."));
        }

        private static String describe(String noun, List<DestroyedResource> resources) {
            if (resources.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder(noun).append(resources.size() == 1 ? " " : "s ");
            for (int i = 0; i < Math.min(NAMED, resources.size()); i++) {
                text.append(i == 0 ? "" : ", ").append(resources.get(i).address());
            }
            if (resources.size() > NAMED) {
                text.append(" and ").append(resources.size() - NAMED).append(" more");
            }
            return text.toString();
        }
    }

    /** More deletions than a person can review with care. */
    static final class MassDestroy extends SeverityRule {
        static final String ID = "mass-destroy";
        private final int maxDeletions;
        private final int maxPercent;
        private final int minDeletionsForPercent;

        MassDestroy(Severity severity, int maxDeletions, int maxPercent, int minDeletionsForPercent) {
            super(ID, severity);
            this.maxDeletions = maxDeletions;
            this.maxPercent = maxPercent;
            this.minDeletionsForPercent = minDeletionsForPercent;
        }


        @Override
        public void onPlanEnd(PlanInfo plan, PlanContext context, Consumer<Finding> findings) {
            long deletions = context.destroyed().size();
            long total = context.managedChanges();
            boolean overCount = deletions > maxDeletions;
            boolean overShare = deletions >= minDeletionsForPercent && deletions * 100 > (long) maxPercent * total;
            if (!overCount && !overShare) {
                return;
            }
            long percent = total == 0 ? 0 : Math.round(deletions * 100.0 / total);
            findings.accept(Finding.planWide(ID, severity, "This plan destroys " + deletions + " of the " + total
                    + " managed resources it touches (" + percent + "%; limits: more than " + maxDeletions
                    + ", or more than " + maxPercent + "% when at least " + minDeletionsForPercent + " are destroyed)."
                    + " A whole-stack destroy (`terraform destroy`, a deleted module, an emptied for_each) looks like this.",
                    "Confirm the plan targets the intended workspace and stack, and split it into reviewable parts."));
        }
    }
}
