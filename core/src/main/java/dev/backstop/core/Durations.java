package dev.backstop.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in policies and on command lines: {@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([mhdw])");

    private Durations() {
    }

    /** The duration, or empty when the text is not one (or is zero). */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
        };
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    /** The shortest way to write it back: {@code 7d} rather than {@code 168h}. */
    public static String format(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (60 * 24 * 7) == 0) {
            return minutes / (60 * 24 * 7) + "w";
        }
        if (minutes % (60 * 24) == 0) {
            return minutes / (60 * 24) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }
}
