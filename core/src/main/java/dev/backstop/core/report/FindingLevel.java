package dev.backstop.core.report;

/**
 * How loudly a format should show a finding. Every format maps these three to its own words (SARIF error, warning,
 * note; GitHub ::error, ::warning, ::notice; ...), so they all agree on what stops the plan.
 */
public enum FindingLevel {
    /** Stops the plan: denied by policy, or at or above the blocking severity. */
    BLOCKING,
    /** Shown for review, does not stop the plan. */
    ADVISORY,
    /** For the record only (severity info: forget, moved, exempted findings). */
    INFO
}
