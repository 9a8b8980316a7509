package dev.backstop.core.report;

/** The writer for each format; front ends ask here instead of knowing the classes. */
public final class ReportWriters {
    private ReportWriters() {
    }

    public static ReportWriter of(ReportFormat format, ReportContext context) {
        switch (format) {
            case TEXT: return new TextReport(context.colour());
            case JSON: return JsonReport::write;
            case MARKDOWN: return new MarkdownReport();
            case SARIF: return new SarifReport(context);
            case JUNIT: return new JunitReport();
            case NATIVE: return new NativeReport(context.locator());
            case GITHUB: return new GithubCommandsReport(context.locator());
            default: throw new IllegalArgumentException("no writer for " + format);
        }
    }
}
