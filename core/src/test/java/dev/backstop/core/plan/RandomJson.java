package dev.backstop.core.plan;

import java.util.Random;

/**
 * Random JSON text for the differential tests of {@link SectionCheck}: every shape of value, every escape,
 * every kind of number, multi-byte characters and all four kinds of whitespace; and {@link #mutate}, which breaks it
 * in small ways (a byte dropped, doubled, swapped for a JSON-significant one, the text cut short) so that both
 * valid and almost-valid input are compared. Only ASCII bytes are edited, so the text stays well-formed UTF-8 and
 * the strict UTF-8 check never decides the outcome.
 */
final class RandomJson {
    private static final String[] ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041",
        "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\\ud800", "\\u0000"};
    private static final String[] CHARACTERS = {"a", "Z", "0", " ", "-", ":", ",", "{", "]", "é", "€", "😀", "'", "/"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "3.25", "-0.5", "1e9", "2E-3", "6.02e+23", "0.0",
        "18446744073709551616", "1.5E+300"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\r\n", "\t", "  ", "\r", "\n  "};
    private static final String EDITS = "{}[]:,\"\\ -+.0123456789eEtrufalsnx\t\n\r/'\u0001";

    private final Random random;

    RandomJson(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 7);
        switch (kind) {
            case 0:
                return string();
            case 1:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 2:
                return new String[] {"true", "false", "null"}[random.nextInt(3)];
            case 3:
                return random.nextInt(4) == 0 ? "{}" : "[]";
            case 4:
            case 5: {
                StringBuilder object = new StringBuilder("{").append(space());
                int members = random.nextInt(5);
                for (int i = 0; i < members; i++) {
                    if (i > 0) {
                        object.append(',').append(space());
                    }
                    object.append(string()).append(space()).append(':').append(space()).append(value(depth - 1))
                            .append(space());
                }
                return object.append('}').toString();
            }
            default: {
                StringBuilder array = new StringBuilder("[").append(space());
                int items = random.nextInt(5);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        array.append(',').append(space());
                    }
                    array.append(value(depth - 1)).append(space());
                }
                return array.append(']').toString();
            }
        }
    }

    String string() {
        StringBuilder text = new StringBuilder("\"");
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(4) == 0 ? ESCAPES[random.nextInt(ESCAPES.length)]
                    : CHARACTERS[random.nextInt(CHARACTERS.length)]);
        }
        return text.append('"').toString();
    }

    String space() {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    /** {@code text} with up to three small edits at ASCII characters, or cut short. */
    String mutate(String text) {
        StringBuilder edited = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && edited.length() > 0; e++) {
            int at = random.nextInt(edited.length());
            if (edited.charAt(at) >= 0x80 || Character.isSurrogate(edited.charAt(at))) {
                continue;
            }
            switch (random.nextInt(5)) {
                case 0 -> edited.deleteCharAt(at);
                case 1 -> edited.insert(at, edited.charAt(at));
                case 2 -> edited.setCharAt(at, EDITS.charAt(random.nextInt(EDITS.length())));
                case 3 -> edited.insert(at, EDITS.charAt(random.nextInt(EDITS.length())));
                default -> edited.setLength(at);
            }
        }
        return edited.toString();
    }
}
