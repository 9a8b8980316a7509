package dev.backstop.core.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Terraform's sensitivity masks ({@code before_sensitive}, {@code after_sensitive}): {@code true} marks a
 * sensitive value and everything beneath it; objects mirror the value's attributes; arrays keep one slot per element.
 */
public final class Sensitivity {
    private Sensitivity() {
    }

    /**
     * True when the value reached by the first {@code length} steps of {@code path} is sensitive in {@code mask},
     * or sits beneath a sensitive value.
     */
    public static boolean covers(JsonNode mask, JsonNode path, int length) {
        JsonNode current = mask;
        for (int i = 0; ; i++) {
            if (current == null || current.isNull() || current.isMissingNode()) {
                return false;
            }
            if (current.isBoolean()) {
                return current.booleanValue();
            }
            if (i >= length) {
                return false;
            }
            JsonNode step = path.get(i);
            if (current.isObject() && step.isTextual()) {
                current = current.get(step.textValue());
            } else if (current.isArray() && step.isIntegralNumber()) {
                current = current.get(step.intValue());
            } else {
                return false;
            }
        }
    }

    /** True when either mask of the change covers the prefix of {@code path}. */
    public static boolean covers(ResourceChange change, JsonNode path, int length) {
        return covers(change.beforeSensitive(), path, length) || covers(change.afterSensitive(), path, length);
    }
}
