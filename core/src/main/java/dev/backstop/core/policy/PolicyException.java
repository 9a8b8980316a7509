package dev.backstop.core.policy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.SafeText;

/** A policy file that cannot be used; the message starts with {@code file:line:column} of the offending value. */
public final class PolicyException extends BackstopException {
    /** Long enough for any message about a real policy; keys and values copied from the file cannot make it longer. */
    static final int MAX_MESSAGE = 1_000;

    private final SourcePosition position;

    public PolicyException(SourcePosition position, String message) {
        super(SafeText.shown(position + ": " + message, MAX_MESSAGE));
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }
}
