package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Receives a plan's resource changes one at a time as the reader streams through the file. Nothing is kept by the
 * reader: a handler that needs a change later must keep it itself, so memory follows what the handler keeps, not
 * the size of the plan.
 */
@FunctionalInterface
public interface PlanHandler {
    void onChange(ResourceChange change);

    /**
     * One entry of {@code resource_changes}, in plan order. The default builds the change at once and hands it to
     * {@link #onChange}; a handler may instead build it later, elsewhere, but must build every entry, in order,
     * since building is where a bad entry is refused.
     */
    default void onChangeEntry(ChangeEntry entry) {
        onChange(entry.build());
    }

    /**
     * Whether the handler needs the value trees of a change ({@code before}, {@code after}, {@code after_unknown},
     * {@code before_sensitive}, {@code after_sensitive}). Asked while the entry is read, once its {@code mode},
     * {@code type} and {@code change.actions} have been read (Terraform writes them first); when the answer is false
     * the five values are skipped without building them and are null in the {@link ResourceChange}. It is only a
     * hint: an entry whose keys come in another order has its values built anyway. Building the values of the
     * thousands of unchanged resources of a big plan is most of the cost of reading it.
     *
     * @param address         the entry's {@code address}, or null when not read yet
     * @param previousAddress the entry's {@code previous_address}, or null
     * @param actions         {@code change.actions}, as strings
     */
    default boolean wantsValues(String mode, String type, String address, String previousAddress, List<String> actions) {
        return true;
    }

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
