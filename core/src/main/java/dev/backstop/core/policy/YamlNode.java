package dev.backstop.core.policy;

import dev.backstop.core.verdict.Severity;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML value that remembers where it was written, so every complaint about a policy names the file, line and
 * column. Reading is strict: a value of the wrong type, or a key the reader does not expect, is an error.
 */
public sealed interface YamlNode permits YamlNode.MapNode, YamlNode.ListNode, YamlNode.ScalarNode {
    SourcePosition position();

    /** How the node is named in messages: "a mapping", "a list", "a string". */
    String description();

    default PolicyException error(String message) {
        return new PolicyException(position(), message);
    }

    default MapNode asMap(String what) {
        if (this instanceof MapNode map) {
            return map;
        }
        throw error(what + " must be a mapping (key: value), not " + description());
    }

    default ListNode asList(String what) {
        if (this instanceof ListNode list) {
            return list;
        }
        throw error(what + " must be a list, not " + description());
    }

    default ScalarNode asScalar(String what) {
        if (this instanceof ScalarNode scalar) {
            return scalar;
        }
        throw error(what + " must be a single value, not " + description());
    }

    /** A list, or a single scalar read as a list of one (so {@code workspaces: prod} reads as {@code [prod]}). */
    default List<YamlNode> items(String what) {
        if (this instanceof ListNode list) {
            return list.items();
        }
        asScalar(what);
        return List.of(this);
    }

    /** A mapping. Keys keep their order and their own positions. */
    record MapNode(SourcePosition position, Map<String, Entry> entries) implements YamlNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** One key with its value; the key's position is where "unknown key" points. */
        public record Entry(String key, SourcePosition keyPosition, YamlNode value) {
        }

        @Override
        public String description() {
            return "a mapping";
        }

        /** Rejects any key not in {@code allowed}, naming the ones that are. */
        public MapNode allowOnly(String what, Set<String> allowed) {
            for (Entry entry : entries.values()) {
                if (!allowed.contains(entry.key())) {
                    throw new PolicyException(entry.keyPosition(), "unknown key \"" + entry.key() + "\" in " + what
                            + "; expected one of: " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
            return this;
        }

        public Optional<YamlNode> get(String key) {
            Entry entry = entries.get(key);
            return entry == null || entry.value().isNull() ? Optional.empty() : Optional.of(entry.value());
        }

        public YamlNode require(String key, String what) {
            return get(key).orElseThrow(() -> error(what + " needs \"" + key + "\""));
        }

        public Optional<String> string(String key) {
            return get(key).map(node -> node.asScalar(key).text(key));
        }

        public Optional<Boolean> bool(String key) {
            return get(key).map(node -> node.asScalar(key).bool(key));
        }

        public Optional<Integer> integer(String key, int min, int max) {
            return get(key).map(node -> node.asScalar(key).integer(key, min, max));
        }

        public Optional<Severity> severity(String key) {
            return get(key).map(node -> node.asScalar(key).severity(key));
        }

        public List<String> strings(String key) {
            return get(key).map(node -> node.items(key).stream().map(item -> item.asScalar(key).text(key)).toList())
                    .orElse(List.of());
        }

        /** Each item of a list under {@code key}, converted; an error in one points at that item. */
        public <T> List<T> each(String key, Function<YamlNode, T> reader) {
            List<T> values = new ArrayList<>();
            get(key).ifPresent(node -> node.items(key).forEach(item -> values.add(reader.apply(item))));
            return values;
        }
    }

    record ListNode(SourcePosition position, List<YamlNode> items) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String description() {
            return "a list";
        }
    }

    /**
     * A single value. {@code kind} is what YAML made of it: string, integer, number, boolean or null.
     * {@code style} is the first character of the value as written ({@code "}, {@code '}, {@code |}, {@code >}
     * or a plain character): needed to point into a multi-line expression.
     */
    record ScalarNode(SourcePosition position, String value, Kind kind, char style) implements YamlNode {
        public enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, NULL }

        private static final Duration MAX_DURATION = Duration.ofDays(3650);

        @Override
        public String description() {
            return switch (kind) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
            };
        }

        /** A non-empty string. Numbers written bare (an account id) are accepted as their text. */
        public String text(String what) {
            if (kind == Kind.STRING || kind == Kind.INTEGER) {
                if (value.isBlank()) {
                    throw error(what + " must not be empty");
                }
                return value;
            }
            throw error(what + " must be a string, not " + description());
        }

        public boolean bool(String what) {
            if (kind != Kind.BOOLEAN) {
                throw error(what + " must be true or false, not " + description());
            }
            return Boolean.parseBoolean(value);
        }

        public int integer(String what, int min, int max) {
            if (kind != Kind.INTEGER) {
                throw error(what + " must be a whole number, not " + description());
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // out of int range: reported below
            }
            throw error(what + " must be between " + min + " and " + max + ", not " + value);
        }

        public Severity severity(String what) {
            try {
                return Severity.parse(text(what));
            } catch (IllegalArgumentException e) {
                throw error(what + ": " + e.getMessage());
            }
        }

        /** A calendar date, {@code 2026-12-31}. */
        public LocalDate date(String what) {
            try {
                return LocalDate.parse(text(what));
            } catch (DateTimeParseException e) {
                throw error(what + " must be a date written YYYY-MM-DD, not \"" + value + "\"");
            }
        }

        /** A duration such as {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}; at most ten years. */
        public Duration duration(String what) {
            String written = text(what).trim().toLowerCase(java.util.Locale.ROOT);
            if (written.matches("0+[mhdw]")) {
                throw error(what + " must be longer than zero");
            }
            if (written.matches("\\d{10,}[mhdw]")) {
                throw error(what + " must be at most 3650d (ten years), not \"" + value + "\"");
            }
            Duration duration = dev.backstop.core.Durations.parse(written).orElseThrow(() -> error(what
                    + " must be a duration such as 30m, 24h, 7d or 2w, not \"" + value + "\""));
            if (duration.compareTo(MAX_DURATION) > 0) {
                throw error(what + " must be at most 3650d (ten years), not \"" + value + "\"");
            }
            return duration;
        }
    }

    default boolean isNull() {
        return this instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.NULL;
    }
}
