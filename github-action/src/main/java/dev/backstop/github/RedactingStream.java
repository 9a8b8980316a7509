package dev.backstop.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that replaces the token with {@code ***} before anything reaches its target, line by line (and
 * on an explicit flush: the print stream around it does not flush by itself, so a token printed in two pieces is
 * still seen whole). Backstop never prints the token; this makes sure that stays true for whatever a library puts in an
 * exception message or a stack trace ({@code --debug}).
 */
public final class RedactingStream extends OutputStream {
    private final OutputStream target;
    private final Token token;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private RedactingStream(OutputStream target, Token token) {
        this.target = target;
        this.token = token;
    }

    /** {@code target} with {@code token} (when not null) never written to it. */
    public static PrintStream wrap(PrintStream target, Token token) {
        return token == null ? target
                : new PrintStream(new RedactingStream(target, token), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.write(token.redact(text).getBytes(StandardCharsets.UTF_8));
    }
}
