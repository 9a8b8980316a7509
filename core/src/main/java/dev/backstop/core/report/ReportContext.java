package dev.backstop.core.report;

import java.util.Objects;

/**
 * What some formats need besides the report itself, none of it part of the decision: rule descriptions (SARIF),
 * where findings are in the configuration (SARIF, warnings-ng, GitHub annotations), the tool's version, and
 * whether the text report may use colour.
 *
 * @param rules       descriptions of the rules findings may carry
 * @param locator     where findings are in the configuration; {@link ResourceLocator#NONE} without a directory
 * @param toolVersion Backstop's version, for the formats that name their tool
 * @param colour      true only for text written to a terminal that allows colour
 */
public record ReportContext(RuleDescriptions rules, ResourceLocator locator, String toolVersion, boolean colour) {
    public ReportContext {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(locator, "locator");
        Objects.requireNonNull(toolVersion, "toolVersion");
    }

    /** Built-in rule descriptions, no configuration directory, no colour. */
    public static ReportContext defaults(String toolVersion) {
        return new ReportContext(RuleDescriptions.builtIn(), ResourceLocator.NONE, toolVersion, false);
    }

    public ReportContext withColour(boolean enabled) {
        return new ReportContext(rules, locator, toolVersion, enabled);
    }
}
