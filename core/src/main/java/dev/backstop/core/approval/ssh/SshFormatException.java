package dev.backstop.core.approval.ssh;

import dev.backstop.core.BackstopException;

/**
 * Malformed or unsupported SSH key, signature, allowed-signers or revoked-keys data.
 *
 * <p>The message is one line a user can act on (it names the file and line where there is one) and never echoes
 * secrets: only public data appears in it, and text taken from the input is shortened and stripped of control
 * characters. Anything that throws this has refused the input: it never stands for "valid".
 */
public final class SshFormatException extends BackstopException {
    private static final long serialVersionUID = 1L;

    public SshFormatException(String message) {
        super(message);
    }
}
