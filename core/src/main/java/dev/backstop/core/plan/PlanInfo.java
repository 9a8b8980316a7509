package dev.backstop.core.plan;

/**
 * The plan-level facts learned while streaming. {@code errored}, {@code applyable} and {@code complete} come last
 * in Terraform's output, so they are only known once the whole file has been read.
 *
 * @param formatVersion     {@code format_version}, e.g. {@code 1.2}
 * @param terraformVersion  {@code terraform_version}; OpenTofu writes its own version under the same key
 * @param complete          {@code complete} (Terraform 1.8+); null when the plan does not say
 * @param applyable         {@code applyable} (Terraform 1.8+); null when the plan does not say
 * @param errored           {@code errored}; false when absent (plans before Terraform 1.6)
 * @param timestamp         {@code timestamp} (Terraform 1.5+), or null
 * @param changeCount       number of entries in {@code resource_changes}
 */
public record PlanInfo(
        String formatVersion,
        String terraformVersion,
        Boolean complete,
        Boolean applyable,
        boolean errored,
        String timestamp,
        long changeCount) {

    /** True only when the plan says it is incomplete (a {@code -target} or deferred plan). */
    public boolean isIncomplete() {
        return Boolean.FALSE.equals(complete);
    }
}
