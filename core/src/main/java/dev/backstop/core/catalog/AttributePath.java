package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A dot-separated attribute path such as {@code point_in_time_recovery.enabled}. Terraform writes nested blocks as
 * lists of objects, so a list met on the way is stepped through element by element: the path reaches every
 * {@code enabled} of every {@code point_in_time_recovery} block.
 */
public final class AttributePath {
    private final String text;
    private final List<String> steps;

    private AttributePath(String text, List<String> steps) {
        this.text = text;
        this.steps = steps;
    }

    public static AttributePath parse(String text) {
        if (text == null || text.isBlank() || text.startsWith(".") || text.endsWith(".") || text.contains("..")
                || text.contains("[")) {
            throw new IllegalArgumentException("bad attribute path \"" + text + "\": use dot-separated names, no [0]");
        }
        return new AttributePath(text, List.of(text.split("\\.")));
    }

    /** The values the path reaches in {@code root}, in document order; empty when none is present. */
    public List<JsonNode> values(JsonNode root) {
        List<JsonNode> found = new ArrayList<>();
        collect(root, 0, found);
        return found;
    }

    private void collect(JsonNode node, int step, List<JsonNode> found) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (step == steps.size()) {
            found.add(node);
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, step, found);
            }
        } else if (node.isObject()) {
            collect(node.get(steps.get(step)), step + 1, found);
        }
    }

    /**
     * True when a mask ({@code after_unknown}, {@code before_sensitive}, {@code after_sensitive}) marks the value at
     * this path, or anything above it, with {@code true}.
     */
    public boolean marked(JsonNode mask) {
        return marked(mask, 0);
    }

    private boolean marked(JsonNode node, int step) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (step == steps.size()) {
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (marked(element, step)) {
                    return true;
                }
            }
            return false;
        }
        return node.isObject() && marked(node.get(steps.get(step)), step + 1);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttributePath && ((AttributePath) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
