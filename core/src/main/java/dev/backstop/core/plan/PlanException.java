package dev.backstop.core.plan;

import dev.backstop.core.BackstopException;

/** The input could not be read as a usable plan. The message is one line meant for a person. */
public final class PlanException extends BackstopException {
    private static final long serialVersionUID = 1L;

    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
