package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A before→after transition that weakens protection. Increases of protection never match.
 *
 * @param kind how the value must move
 * @param from for {@link Kind#CHANGED}: values it must move from (empty: any value not in {@code to})
 * @param to   for {@link Kind#CHANGED}: values it must move to
 */
public record Weakening(Kind kind, List<String> from, List<String> to) {

    public enum Kind {
        /** A protective boolean goes true → false or null. */
        DISABLED,
        /** A dangerous boolean goes false or null → true. */
        ENABLED,
        /** A number or duration is lowered. */
        DECREASED,
        /** A value or block that was set becomes null or empty. */
        REMOVED,
        /** A string moves from one of {@code from} to one of {@code to}. */
        CHANGED;

        public static Kind parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd])");

    public Weakening {
        from = from == null ? List.of() : List.copyOf(from);
        to = to == null ? List.of() : List.copyOf(to);
        if (kind == Kind.CHANGED && to.isEmpty()) {
            throw new IllegalArgumentException("kind changed needs `to` values");
        }
    }

    /** Whether moving from {@code before} to {@code after} (either may be null: absent) weakens protection. */
    public boolean matches(JsonNode before, JsonNode after) {
        switch (kind) {
            case DISABLED:
                return isTrue(before) && !isTrue(after);
            case ENABLED:
                return !isTrue(before) && isTrue(after);
            case DECREASED: {
                Optional<BigDecimal> was = magnitude(before);
                Optional<BigDecimal> now = magnitude(after);
                return was.isPresent() && now.isPresent() && now.get().compareTo(was.get()) < 0;
            }
            case REMOVED:
                return isSet(before) && !isSet(after);
            case CHANGED: {
                String now = scalar(after);
                String was = scalar(before);
                if (now == null || !to.contains(now) || now.equals(was)) {
                    return false;
                }
                return from.isEmpty() ? was == null || !to.contains(was) : was != null && from.contains(was);
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && (node.isBoolean() ? node.booleanValue() : node.isTextual() && node.textValue().equalsIgnoreCase("true"));
    }

    /** Present and not empty: a non-empty string, list or object, or any number or boolean. */
    static boolean isSet(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isContainerNode()) {
            return !node.isEmpty();
        }
        return !(node.isTextual() && node.textValue().isEmpty());
    }

    private static String scalar(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    /**
     * A comparable size for numbers and duration strings: Google's {@code "86400s"}, Spanner's {@code "7d"},
     * ISO-8601 {@code "P7D"}/{@code "PT12H"}. Anything else is not comparable.
     */
    static Optional<BigDecimal> magnitude(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (!node.isTextual()) {
            return Optional.empty();
        }
        String text = node.textValue().trim();
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException notANumber) {
            // fall through to durations
        }
        Matcher simple = SIMPLE_DURATION.matcher(text);
        if (simple.matches()) {
            BigDecimal unit = BigDecimal.valueOf(switch (simple.group(2)) {
                case "s" -> 1L;
                case "m" -> 60L;
                case "h" -> 3600L;
                default -> 86400L;
            });
            return Optional.of(new BigDecimal(simple.group(1)).multiply(unit));
        }
        String upper = text.toUpperCase(Locale.ROOT);
        try {
            return Optional.of(BigDecimal.valueOf(Duration.parse(upper).getSeconds()));
        } catch (RuntimeException notADuration) {
            // try a period such as P7D or P1Y
        }
        try {
            Period period = Period.parse(upper);
            long days = period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
            return Optional.of(BigDecimal.valueOf(days * 86400L));
        } catch (RuntimeException notAPeriod) {
            return Optional.empty();
        }
    }

    /** How the weakening reads in a finding, e.g. "switched off". */
    public String describe() {
        switch (kind) {
            case DISABLED: return "switched off";
            case ENABLED: return "switched on";
            case DECREASED: return "lowered";
            case REMOVED: return "removed";
            default: return "changed to " + String.join(" or ", to);
        }
    }
}
