package dev.backstop.core.policy;

import dev.backstop.core.plan.ResourceChange;

/**
 * A resource whose destroy the policy denies outright. Kept outside the Terraform code on purpose: a
 * {@code prevent_destroy} lifecycle flag disappears with the block that carries it, this does not.
 *
 * @param address the address pattern, or null to match by type alone
 * @param type    the type pattern, or null to match by address alone
 */
public record ProtectEntry(AddressPattern address, AddressPattern type, String reason, SourcePosition position) {
    public boolean matches(ResourceChange change) {
        return (address == null || address.matches(change.address()))
                && (type == null || type.matches(change.type()));
    }

    /** How the entry reads in reports: {@code aws_db_instance.orders} or {@code type aws_backup_vault}. */
    public String describe() {
        if (address != null && type != null) {
            return address + " (type " + type + ")";
        }
        return address != null ? address.toString() : "type " + type;
    }
}
