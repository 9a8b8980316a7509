package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives a plan's resource changes one at a time as the reader streams through the file. Nothing is kept by the
 * reader: a handler that needs a change later must keep it itself, so memory follows what the handler keeps, not
 * the size of the plan.
 */
@FunctionalInterface
public interface PlanHandler {
    void onChange(ResourceChange change);

    /**
     * True when the handler wants the resources of the plan's {@code configuration} section (their expressions and
     * references); otherwise the section is skipped unread.
     */
    default boolean wantsConfiguration() {
        return false;
    }

    /**
     * One resource block of the configuration, after all resource changes (Terraform writes {@code configuration}
     * later in the file). {@code modulePath} is {@code module.a.module.b} for nested modules, empty for the root.
     * {@code resource} is the block as written: {@code address}, {@code type}, {@code expressions}, ...
     */
    default void onConfigurationResource(String modulePath, JsonNode resource) {
    }
}
