package dev.backstop.core.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resource address taken apart: the module calls it lives under, its mode, type and name. Instance keys are
 * dropped ({@code aws_s3_bucket.b["x"]} and {@code [0]} live in the same block), and so is the
 * {@code (deposed object KEY)} suffix reports add.
 *
 * @param modules the module call names from the root down, e.g. {@code [network, subnets]}; empty in the root
 * @param mode    {@code resource}, {@code data} or {@code ephemeral}: the keyword of the block that declares it
 * @param type    resource type
 * @param name    resource name
 */
public record ResourceAddress(List<String> modules, String mode, String type, String name) {
    private static final String DEPOSED = " (deposed object ";

    public ResourceAddress {
        modules = List.copyOf(modules);
    }

    /** Empty when the text is not a resource address (a plan-wide finding, or something unexpected). */
    public static Optional<ResourceAddress> parse(String address) {
        if (address == null) {
            return Optional.empty();
        }
        int deposed = address.indexOf(DEPOSED);
        String text = deposed < 0 ? address : address.substring(0, deposed);
        List<String> steps = steps(text);
        if (steps == null) {
            return Optional.empty();
        }
        List<String> modules = new ArrayList<>();
        int i = 0;
        while (i + 1 < steps.size() && steps.get(i).equals("module")) {
            modules.add(steps.get(i + 1));
            i += 2;
        }
        String mode = "resource";
        if (i < steps.size() && (steps.get(i).equals("data") || steps.get(i).equals("ephemeral"))) {
            mode = steps.get(i);
            i++;
        }
        if (steps.size() - i != 2) {
            return Optional.empty();
        }
        return Optional.of(new ResourceAddress(modules, mode, steps.get(i), steps.get(i + 1)));
    }

    /** The dot-separated names, instance keys skipped; null when the text does not parse. */
    private static List<String> steps(String text) {
        List<String> steps = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
                i++;
            }
            if (i == start) {
                return null;
            }
            steps.add(text.substring(start, i));
            if (i < text.length() && text.charAt(i) == '[') {
                i = skipKey(text, i);
                if (i < 0) {
                    return null;
                }
            }
            if (i < text.length()) {
                if (text.charAt(i) != '.') {
                    return null;
                }
                i++;
                if (i == text.length()) {
                    return null;
                }
            }
        }
        return steps.isEmpty() ? null : steps;
    }

    /** From the {@code [} of an instance key to just after its {@code ]}; a quoted key may hold {@code ]} and dots. */
    private static int skipKey(String text, int open) {
        int i = open + 1;
        if (i < text.length() && text.charAt(i) == '"') {
            i++;
            while (i < text.length() && text.charAt(i) != '"') {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
        } else {
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        return i < text.length() && text.charAt(i) == ']' ? i + 1 : -1;
    }
}
