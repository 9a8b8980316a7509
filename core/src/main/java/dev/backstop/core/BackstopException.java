package dev.backstop.core;

/**
 * A failure Backstop can explain to a user in one line: bad input, a tool that could not be run, a limit that was
 * hit. Front ends print {@link #getMessage()} as is and exit with the error code; they never treat it as "allow".
 *
 * <p>Anything else that escapes (a bug) is an internal error, reported the same way but flagged as such.
 */
public class BackstopException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackstopException(String message) {
        super(message);
    }

    public BackstopException(String message, Throwable cause) {
        super(message, cause);
    }
}
