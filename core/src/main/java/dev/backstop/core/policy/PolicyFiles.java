package dev.backstop.core.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the project's policy file the way users expect: beside them, or at the root of their git repository. */
public final class PolicyFiles {
    /** The policy file's name. */
    public static final String FILE_NAME = ".backstop.yml";

    private PolicyFiles() {
    }

    /** {@code .backstop.yml} in {@code directory}, else in the git root above it (the first with {@code .git}). */
    public static Optional<Path> discover(Path directory) {
        Path start = directory.toAbsolutePath().normalize();
        Path here = start.resolve(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return Optional.of(here);
        }
        for (Path current = start; current != null; current = current.getParent()) {
            if (Files.exists(current.resolve(".git"))) {
                Path atRoot = current.resolve(FILE_NAME);
                return Files.isRegularFile(atRoot) ? Optional.of(atRoot) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The effective policy: the file given ({@code --policy}), else a discovered one, else the built-in policy.
     *
     * @param explicit the file the user named, or null
     */
    public static Policy resolve(Path explicit, Path workingDirectory) {
        if (explicit != null) {
            return Policy.load(workingDirectory.resolve(explicit));
        }
        return discover(workingDirectory).map(Policy::load).orElseGet(Policy::builtIn);
    }
}
