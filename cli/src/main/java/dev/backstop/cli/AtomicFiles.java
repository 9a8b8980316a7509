package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A half-written report or approval must never be mistaken for a whole one: write beside the target, then move. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    static void write(Path target, byte[] content, String what) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(absolute.getParent(), ".backstop-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(content);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackstopException("cannot write the " + what + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
