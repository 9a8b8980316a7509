package dev.backstop.core.testing;

import dev.backstop.core.BackstopException;

/**
 * The contract every parser of untrusted input keeps, asserted by the fuzz tests: it returns a result or refuses
 * with a {@link BackstopException} whose message is one short line a person can read. Anything else that escapes
 * (NullPointerException, ClassCastException, StackOverflowError, OutOfMemoryError, ...) is a bug, and so is a
 * message that is empty, spans lines, carries control characters from the input (a terminal escape in CI logs) or
 * echoes a large part of the input.
 */
public final class FuzzContract {
    /** Long enough for a path, a position and an explanation; far shorter than any echoed input worth worrying about. */
    public static final int MAX_MESSAGE = 2_000;

    private FuzzContract() {
    }

    /** Runs {@code action}; a clean refusal is fine, anything else propagates and is reported by the fuzzer. */
    public static void resultOrCleanRefusal(Runnable action) {
        try {
            action.run();
        } catch (BackstopException e) {
            checkMessage(e.getMessage());
        }
    }

    /** Throws an AssertionError (a fuzzer finding) when {@code message} is not one clean, short line. */
    public static void checkMessage(String message) {
        if (message == null || message.isBlank()) {
            throw new AssertionError("a refusal without a message");
        }
        if (message.length() > MAX_MESSAGE) {
            throw new AssertionError("a refusal message of " + message.length() + " characters: "
                    + message.substring(0, 200) + "...");
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new AssertionError("a refusal message with control character U+"
                        + String.format("%04X", (int) c) + " at " + i + ": " + message.replaceAll("\\p{Cntrl}", "?"));
            }
        }
    }
}
