package dev.backstop.core.report;

import dev.backstop.core.rules.Finding;
import java.util.Optional;

/** Finds where a finding belongs in the configuration; formats that can point at a file (SARIF, ...) ask it. */
@FunctionalInterface
public interface ResourceLocator {
    /** For runs without a configuration directory: no finding has a file. */
    ResourceLocator NONE = finding -> Optional.empty();

    Optional<SourceLocation> locate(Finding finding);
}
