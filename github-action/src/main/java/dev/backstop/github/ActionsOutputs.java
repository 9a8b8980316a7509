package dev.backstop.github;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.MarkdownReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step's outputs ({@code GITHUB_OUTPUT}) and its summary ({@code GITHUB_STEP_SUMMARY}), each written only when its
 * variable is set. Outputs are {@code name=value} lines; a value with a line break uses the heredoc form with a
 * random delimiter, which no value can contain by chance or design. The summary gets the markdown report.
 */
public final class ActionsOutputs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ActionsOutputs() {
    }

    /** The outputs of one decision: verdict, exit code, fingerprint, counts, approvers, check run, reason. */
    public static Map<String, String> of(GithubGate.Outcome outcome) {
        CheckReport report = outcome.report();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("verdict", report.verdict().label());
        values.put("exit-code", Integer.toString(outcome.exitCode()));
        values.put("fingerprint", report.fingerprint() == null ? "" : report.fingerprint());
        values.put("findings", Integer.toString(report.findings().size()));
        values.put("blocking", Long.toString(report.blockingCount()));
        values.put("denied", Long.toString(report.deniedCount()));
        values.put("approved-by", report.approvals() == null ? "" : String.join(",", report.approvals().accepted()
                .stream().map(ApprovalReview.Accepted::principal).toList()));
        values.put("pull-request", outcome.pullRequest() == null ? "" : outcome.pullRequest().toString());
        values.put("check-run-id", outcome.checkRun() == null ? "" : Long.toString(outcome.checkRun().id()));
        values.put("check-run-url", outcome.checkRun() == null || outcome.checkRun().url() == null ? ""
                : outcome.checkRun().url());
        values.put("reason", outcome.reason() != null ? outcome.reason() : report.error() != null ? report.error() : "");
        return values;
    }

    /** Appends the outputs to {@code GITHUB_OUTPUT} and the markdown report to {@code GITHUB_STEP_SUMMARY}. */
    public static void write(ActionsEnvironment env, GithubGate.Outcome outcome) {
        if (env.outputFile() != null) {
            append(env.outputFile(), format(of(outcome)), "GITHUB_OUTPUT");
        }
        if (env.summaryFile() != null) {
            ByteArrayOutputStream markdown = new ByteArrayOutputStream();
            new MarkdownReport().write(outcome.report(), markdown);
            String text = markdown.toString(StandardCharsets.UTF_8);
            if (outcome.reason() != null) {
                text += "\n> **Refused:** " + dev.backstop.core.report.TextEscapes.markdown(outcome.reason()) + "\n";
            }
            append(env.summaryFile(), text + "\n", "GITHUB_STEP_SUMMARY");
        }
    }

    static String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> {
            if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                out.append(name).append('=').append(value).append('\n');
            } else {
                String delimiter = delimiter(value);
                out.append(name).append("<<").append(delimiter).append('\n').append(value).append('\n')
                        .append(delimiter).append('\n');
            }
        });
        return out.toString();
    }

    private static String delimiter(String value) {
        while (true) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String delimiter = "ghadelimiter_" + HexFormat.of().formatHex(bytes);
            if (!value.contains(delimiter)) {
                return delimiter;
            }
        }
    }

    private static void append(Path file, String text, String variable) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BackstopException("cannot write " + variable + " (" + file + "): " + e.getMessage(), e);
        }
    }
}
