package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code resource_changes} as read, not yet checked and turned into a {@link ResourceChange}. Building
 * it (the type checks, the lying-plan checks, the address parse) is a good part of the cost of a change, so a
 * handler that reads on another thread ({@code check.Pipeline}) passes entries on and builds them on its own
 * thread, beside the reader.
 */
public final class ChangeEntry {
    private final JsonNode entry;
    private final int position;

    ChangeEntry(JsonNode entry, int position) {
        this.entry = entry;
        this.position = position;
    }

    /**
     * The change, checked as {@link PlanReader} promises.
     *
     * @throws PlanException when the entry is not a usable resource change
     */
    public ResourceChange build() {
        return ResourceChanges.fromJson(entry, position);
    }
}
