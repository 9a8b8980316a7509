package dev.backstop.core.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The maximum size of a plan's JSON: its default, and how it is written on a command line or in the environment. */
public final class PlanSizes {
    /** Environment variable that sets the maximum plan size for every command that reads a plan. */
    public static final String VARIABLE = "BACKSTOP_MAX_PLAN_SIZE";
    /**
     * 2 GiB: far above real plans (the largest reported are a few hundred MB: 15,000 resources with their prior
     * state), low enough that a runaway input stops within seconds to minutes.
     */
    public static final long DEFAULT_MAX = 2L * 1024 * 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");

    private PlanSizes() {
    }

    /**
     * {@code 2GiB}, {@code 500M}, {@code 1048576}: a number of bytes with an optional unit K, M, G or T (each 1024
     * times the one before; KB, KiB, MB, MiB... mean the same). Throws IllegalArgumentException with a message
     * for people otherwise, and for zero.
     */
    public static long parse(String text) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: '" + PlanText.shown(String.valueOf(text))
                    + "' (write bytes, or a number with K, M, G or T, e.g. 2GiB or 500M)");
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2);
        int shift = unit.isEmpty() || unit.equals("b") ? 0 : 10 * ("kmgt".indexOf(unit.charAt(0)) + 1);
        if (number == 0) {
            throw new IllegalArgumentException("the maximum plan size must be more than 0");
        }
        if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: '" + text.strip() + "'");
        }
        return number << shift;
    }

    /** {@code 2 GiB (2147483648 bytes)}, or just the bytes when the size is not a whole number of a unit. */
    public static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        for (int i = units.length; i >= 1; i--) {
            long unit = 1L << (10 * i);
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + " " + units[i - 1] + " (" + bytes + " bytes)";
            }
        }
        return bytes + " bytes";
    }
}
