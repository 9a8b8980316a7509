package dev.backstop.core.policy;

import dev.backstop.core.BackstopException;

/** A policy file that cannot be used; the message starts with {@code file:line:column} of the offending value. */
public final class PolicyException extends BackstopException {
    private final SourcePosition position;

    public PolicyException(SourcePosition position, String message) {
        super(position + ": " + message);
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }
}
