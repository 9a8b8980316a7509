package dev.backstop.core.policy;

import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.plan.ResourceChange;
import java.util.Map;

/**
 * What the custom rules of one check evaluate against: the plan-level values, and each change converted once.
 * Converting {@code before}/{@code after} is the costly part, and every custom rule sees the same change in turn,
 * so the last conversion is kept for the next rule.
 */
final class CelInput {
    private final Catalog catalog;
    private final Map<String, Object> plan;
    private ResourceChange lastChange;
    private Map<String, Object> lastValues;

    CelInput(Catalog catalog, Map<String, Object> plan) {
        this.catalog = catalog;
        this.plan = plan;
    }

    Map<String, Object> plan() {
        return plan;
    }

    Map<String, Object> change(ResourceChange change) {
        if (change != lastChange) {
            lastValues = CelValues.change(change, catalog);
            lastChange = change;
        }
        return lastValues;
    }
}
