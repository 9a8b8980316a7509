package dev.backstop.core.report;

import static dev.backstop.core.report.TextEscapes.githubData;
import static dev.backstop.core.report.TextEscapes.githubProperty;
import static dev.backstop.core.report.TextEscapes.printable;

import dev.backstop.core.rules.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GitHub Actions workflow commands: one annotation per finding, {@code ::error} for blocking findings (denials
 * included), {@code ::warning} for advisory ones, {@code ::notice} for info, with the resource block as
 * {@code file} and {@code line} when the configuration was given. GitHub shows them on the run and on the pull
 * request's changed files.
 *
 * <p>First comes the text report for the log, between {@code ::stop-commands::TOKEN} and {@code ::TOKEN::}: while
 * commands are stopped the runner acts on none, so nothing in an address ({@code ::add-mask::}, {@code ##[...]})
 * can act as a command. The token is random for every report, so the plan cannot end the stop early. The
 * annotations follow once commands run again; their plan-derived text is escaped ({@link TextEscapes#githubData},
 * {@link TextEscapes#githubProperty}) and made printable, so each stays one command on one line.
 */
public final class GithubCommandsReport implements ReportWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ResourceLocator locator;
    private final Supplier<String> tokens;

    public GithubCommandsReport(ResourceLocator locator) {
        this(locator, GithubCommandsReport::randomToken);
    }

    GithubCommandsReport(ResourceLocator locator, Supplier<String> tokens) {
        this.locator = locator;
        this.tokens = tokens;
    }

    static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "backstop-" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public void write(CheckReport report, OutputStream out) {
        StringBuilder commands = new StringBuilder();
        String token = tokens.get();
        commands.append("::stop-commands::").append(token).append('\n');
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new TextReport(false).write(report, text);
        commands.append(text.toString(StandardCharsets.UTF_8));
        commands.append("::").append(token).append("::\n");
        if (report.error() != null) {
            commands.append("::error title=").append(githubProperty("Backstop: " + JunitReport.ERROR_CASE))
                    .append("::").append(githubData(printable(report.error()))).append('\n');
        }
        for (Finding finding : report.findings()) {
            commands.append(annotation(report, finding)).append('\n');
        }
        try {
            out.write(commands.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String annotation(CheckReport report, Finding finding) {
        StringBuilder line = new StringBuilder("::").append(command(report.level(finding)));
        line.append(" title=").append(githubProperty(printable("Backstop " + finding.rule() + " ("
                + FindingText.consequence(report, finding) + "): " + FindingText.subject(finding))));
        Optional<SourceLocation> source = locator.locate(finding);
        if (source.isPresent()) {
            line.append(",file=").append(githubProperty(printable(source.get().path())));
            line.append(",line=").append(source.get().line());
        }
        String remedy = finding.remedy() == null ? "" : " Safer: " + finding.remedy();
        line.append("::").append(githubData(printable(FindingText.subject(finding) + ": " + finding.message() + remedy)));
        return line.toString();
    }

    static String command(FindingLevel level) {
        switch (level) {
            case BLOCKING: return "error";
            case ADVISORY: return "warning";
            default: return "notice";
        }
    }
}
