package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the plan's {@code resource_changes}, with every field Terraform and OpenTofu write.
 *
 * <p>Value trees ({@code before}, {@code after}, masks) are Jackson nodes built for this change alone; they are never
 * modified after reading and callers must treat them as read-only. Absent values are {@code null} nodes' Java
 * counterpart: {@code null} for absent, {@link com.fasterxml.jackson.databind.node.NullNode} for an explicit JSON
 * {@code null}. Numbers are exact (BigDecimal/BigInteger), never doubles.
 *
 * @param address          full instance address, e.g. {@code module.db.aws_db_instance.main[0]}
 * @param previousAddress  the address before a {@code moved} block or rename, when it changed
 * @param moduleAddress    the module instance, absent for the root module
 * @param mode             {@code managed} or {@code data}
 * @param index            count index (number) or for_each key (string); absent for single instances
 * @param providerName     e.g. {@code registry.terraform.io/hashicorp/aws} or {@code registry.opentofu.org/...}
 * @param deposed          key of a deposed object left by a failed create_before_destroy; {@code address + deposed}
 *                         is the unique key of a change
 * @param actions          the raw action list, unknown strings preserved
 * @param replacePaths     attribute paths that forced a replacement (steps are strings or numbers)
 * @param actionReason     Terraform's display hint for why (e.g. {@code delete_because_no_resource_config})
 * @param importing        {@code change.importing} when the object is being imported
 */
public record ResourceChange(
        String address,
        String previousAddress,
        String moduleAddress,
        String mode,
        String type,
        String name,
        JsonNode index,
        String providerName,
        String deposed,
        List<String> actions,
        JsonNode before,
        JsonNode after,
        JsonNode afterUnknown,
        JsonNode beforeSensitive,
        JsonNode afterSensitive,
        JsonNode replacePaths,
        String actionReason,
        JsonNode importing) {

    public ResourceChange {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        actions = List.copyOf(actions);
    }

    /** What the change does, classified from {@link #actions()}. */
    public ChangeKind kind() {
        return ChangeKind.of(actions);
    }

    /** True when the real object is deleted: any action list that contains {@code delete}, known or not. */
    public boolean isDestructive() {
        return actions.contains("delete");
    }

    /** True for a replacement that creates the new object before deleting the old one. */
    public boolean isCreateBeforeDestroy() {
        return kind() == ChangeKind.REPLACE && actions.get(0).equals("create");
    }

    public boolean isDataSource() {
        return "data".equals(mode);
    }

    /** True when Terraform moves the object from another address ({@code moved} block) in this plan. */
    public boolean isMove() {
        return previousAddress != null && !previousAddress.equals(address);
    }

    public Optional<String> deposedKey() {
        return Optional.ofNullable(deposed);
    }

    /**
     * The configuration address of an instance address: instance keys dropped, so
     * {@code module.a[0].aws_s3_bucket.b["x"]} becomes {@code module.a.aws_s3_bucket.b}.
     */
    public static String configAddressOf(String address) {
        return address.replaceAll("\\[(\"(?:[^\"\\\\]|\\\\.)*\"|\\d+)\\]", "");
    }

    /** The address shown to people: a deposed object is named with its key, since it shares the address. */
    public String displayAddress() {
        return deposed == null ? address : address + " (deposed object " + deposed + ")";
    }
}
