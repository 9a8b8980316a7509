package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one plan two ways and says what each made of it: with Jackson's own parser, every skipped value walked token
 * by token, and the way {@link PlanSource} reads it, through the read-ahead stream, in chunks of a given size, the
 * skipped values checked outside the token loop ({@link SkippingParser}). The two must agree: the same plan and
 * changes, values included, or the same refusal. The values of unchanged ({@code no-op}) resources are skipped.
 */
final class SectionReading {
    private SectionReading() {
    }

    /**
     * What a reading came to: the plan's summary and its changes' addresses, or the refusal's message; and whether
     * the {@link SectionCheck} refused it.
     */
    record Outcome(String result, boolean byFilter) {
        Outcome(String result) {
            this(result, false);
        }

        /**
         * The check words a syntax error it finds by the offending byte's line and column, and says what kind of
         * error it is; Jackson sometimes places the same error a few bytes on, after reading the rest of a bad token
         * ({@code NaN}, {@code tru}), or names its kind differently. Both must refuse, for the same reason, on the
         * same line. Every other outcome, and every refusal the parser makes after a section, must be identical.
         */
        boolean agreesWith(Outcome jackson) {
            if (!byFilter || !result.startsWith(SYNTAX)) {
                return result.equals(jackson.result());
            }
            return jackson.result().startsWith(SYNTAX) && line(result).equals(line(jackson.result()));
        }

        private static String line(String message) {
            return message.substring(SYNTAX.length(), message.indexOf(','));
        }

        private static final String SYNTAX = "refused: not valid JSON (line ";

        static Outcome of(Reading reading) {
            List<String> changes = new ArrayList<>();
            PlanHandler handler = new PlanHandler() {
                @Override
                public void onChange(ResourceChange change) {
                    changes.add(change.toString());
                }

                @Override
                public boolean wantsValues(String mode, String type, String address, String previousAddress,
                        List<String> actions) {
                    return !actions.equals(List.of("no-op"));
                }
            };
            try {
                PlanInfo info = reading.read(handler);
                return new Outcome("read " + info + " " + changes);
            } catch (PlanException e) {
                return new Outcome("refused: " + e.getMessage());
            }
        }
    }

    interface Reading {
        PlanInfo read(PlanHandler handler);
    }

    /** Jackson's own parser, walking every token of every section. */
    static Outcome jackson(byte[] plan) {
        JsonFactory jackson = PlanJson.configured().build();
        return Outcome.of(handler -> new PlanReader().read(() -> jackson.createParser(new ByteArrayInputStream(plan)),
                handler));
    }

    /**
     * As {@link PlanSource} reads: through the read-ahead stream in chunks of {@code chunk} bytes, skipped values
     * checked outside the parser's token loop.
     */
    static Outcome skipping(byte[] plan, int chunk) {
        boolean[] byCheck = new boolean[1];
        Outcome outcome = Outcome.of(handler -> {
            try (ReadAheadInputStream in = new ReadAheadInputStream(
                    new StrictUtf8InputStream(new ByteArrayInputStream(plan)), chunk)) {
                return new PlanReader().read(in, handler);
            } catch (PlanException e) {
                byCheck[0] = java.util.Arrays.stream(e.getStackTrace())
                        .anyMatch(frame -> frame.getClassName().equals(SectionCheck.class.getName()));
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Outcome(outcome.result(), byCheck[0]);
    }

    static void assertSame(byte[] plan) {
        assertSame(plan, ReadAheadInputStream.CHUNK);
    }

    static void assertSame(byte[] plan, int chunk) {
        Outcome expected = jackson(plan);
        Outcome actual = skipping(plan, chunk);
        if (!actual.agreesWith(expected)) {
            throw new AssertionError("skipping outside the parser changed how the plan reads\n  plan:     "
                    + shown(plan) + "\n  chunk:    " + chunk
                    + "\n  jackson:  " + expected.result() + "\n  skipping: " + actual.result());
        }
    }

    private static String shown(byte[] plan) {
        String text = new String(plan, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text;
    }
}
