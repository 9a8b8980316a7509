package dev.backstop.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's test data and the shared corpus beside the checkout. */
public final class RepoFiles {
    private RepoFiles() {
    }

    /** The repository root: from the build (-Dbackstop.repo.root) or by walking up to the folder with testdata/. */
    public static Path root() {
        String configured = System.getProperty("backstop.repo.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "testdata"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("testdata"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (no testdata/ above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    public static Path plan(String name) {
        return root().resolve("testdata/plans").resolve(name);
    }

    public static Path example(String name) {
        return root().resolve("testdata/examples").resolve(name);
    }

    /**
     * {@code ../shared/corpus} beside the checkout. Tests that need it are skipped, with a message, where it is
     * absent (a clone without the shared folder).
     */
    public static Path corpusOrSkip() {
        Path corpus = root().resolveSibling("shared").resolve("corpus");
        assumeTrue(Files.isDirectory(corpus), "skipped: " + corpus + " is absent (the shared plan corpus is not beside this checkout)");
        return corpus;
    }
}
