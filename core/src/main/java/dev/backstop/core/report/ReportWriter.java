package dev.backstop.core.report;

import java.io.OutputStream;

/**
 * Renders a {@link CheckReport} in one format. A writer maps the report and decides nothing: which findings block,
 * their order and their wording all come from the report.
 */
@FunctionalInterface
public interface ReportWriter {
    /** Writes the whole report to {@code out} (UTF-8) and flushes it; leaves {@code out} open. */
    void write(CheckReport report, OutputStream out);
}
