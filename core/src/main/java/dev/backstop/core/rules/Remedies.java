package dev.backstop.core.rules;

import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;

/** The safer alternative to a destroy, chosen by why Terraform plans it. */
final class Remedies {
    private static final String PREVENT = " Add `lifecycle { prevent_destroy = true }` to the resource to make Terraform refuse such plans.";

    private Remedies() {
    }

    static String forDestroy(ResourceChange change) {
        String address = change.address();
        String reason = change.actionReason() == null ? "" : change.actionReason();
        switch (reason) {
            case "delete_because_no_resource_config":
                return "If the block was renamed or moved into a module, add `moved { from = " + address + " to = NEW_ADDRESS }`;"
                        + " to stop managing it without destroying it, use `removed { from = " + unindexed(address)
                        + " lifecycle { destroy = false } }`; otherwise restore the block." + PREVENT;
            case "delete_because_count_index":
            case "delete_because_each_key":
            case "delete_because_wrong_repetition":
                return "Check count/for_each: if instance keys were renamed, add a `moved` block for each instance;"
                        + " if the instance should stay, restore its key." + PREVENT;
            case "delete_because_no_module":
                return "If the module was renamed or its count/for_each changed, add `moved` blocks for the module"
                        + " instances; to keep the objects without managing them, use `removed { lifecycle { destroy = false } }`.";
            case "delete_because_no_move_target":
                return "Fix the `moved` block so its `to` address exists in the configuration.";
            case "replace_because_tainted":
                return "If the object is healthy, run `terraform untaint " + address + "` instead of replacing it."
                        + " Otherwise take a snapshot or backup first.";
            case "replace_by_request":
                return "A replacement was requested with -replace: drop it unless losing the data is intended;"
                        + " take a snapshot or backup first.";
            case "replace_by_triggers":
                return "replace_triggered_by fired: review the trigger; take a snapshot or backup first.";
            default:
                if (change.kind() == ChangeKind.REPLACE) {
                    return "Revert the attribute change that forces the replacement, or take a snapshot and restore it into"
                            + " the new object (create_before_destroy keeps the old one until the new one exists)." + PREVENT;
                }
                return "If this is a `terraform destroy` or -destroy plan, make sure it targets the intended stack;"
                        + " take a snapshot or backup first." + PREVENT;
        }
    }

    /** `removed` blocks name the resource without an instance key. */
    private static String unindexed(String address) {
        return address.replaceAll("\\[[^\\]]*\\]$", "");
    }
}
