package dev.backstop.cli;

import dev.backstop.core.report.ReportFormat;
import java.nio.file.Path;
import picocli.CommandLine;

/** One {@code --report FORMAT=PATH}: a format and the file it is written to. */
record ReportTarget(ReportFormat format, Path path) {

    /** Turns {@code FORMAT=PATH} into a target; anything else is a usage error (exit 2) naming the formats. */
    static final class Converter implements CommandLine.ITypeConverter<ReportTarget> {
        @Override
        public ReportTarget convert(String value) {
            int equals = value.indexOf('=');
            if (equals <= 0 || equals == value.length() - 1) {
                throw new CommandLine.TypeConversionException("expected FORMAT=PATH, e.g. sarif=backstop.sarif, not '"
                        + value + "'");
            }
            String name = value.substring(0, equals);
            ReportFormat format = ReportFormat.parse(name).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "unknown report format '" + name + "' (expected one of: " + ReportFormat.labels() + ")"));
            return new ReportTarget(format, Path.of(value.substring(equals + 1)));
        }
    }
}
