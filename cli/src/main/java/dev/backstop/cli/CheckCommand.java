package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.JsonReport;
import dev.backstop.core.report.TextReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check a plan and decide whether it may be applied.",
            "",
            "PLAN is the JSON from `terraform show -json PLANFILE` (or `tofu show -json`), a binary plan file"
                + " from `terraform plan -out` (converted by running `terraform show -json`), or - for standard"
                + " input. UTF-8 (with or without BOM) and UTF-16 with BOM are read.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  terraform plan -out=plan.tfplan",
            "  terraform show -json plan.tfplan > plan.json",
            "  backstop check plan.json",
            "  backstop check plan.tfplan --format json --output backstop.json",
            "  backstop check plan.json --policy ops/.backstop.yml --workspace prod",
            "  terraform show -json plan.tfplan | backstop check -",
            "",
            "Environment:",
            "  BACKSTOP_TERRAFORM  command that converts binary plans (default: terraform)",
            "  TF_WORKSPACE        the workspace, when --workspace is not given",
            "  NO_COLOR            set to turn colour off (colour is only used on a terminal)",
            "",
            "Exit codes: 0 allow, 1 error (nothing decided: never apply), 2 usage,",
            "            3 approval required, 4 denied.",
            "",
            "`backstop explain` lists the rules behind the findings."})
final class CheckCommand extends BackstopCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "PLAN", description = "Plan JSON, binary plan file, or - for stdin.")
    String plan;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--tofu", description = "Convert binary plans with `tofu` instead of `terraform`.")
    boolean tofu;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--show-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Stop `terraform show` after this long when converting a binary plan (default: ${DEFAULT-VALUE}).")
    long showTimeoutSeconds;

    @Override
    protected int execute() {
        PlanConverter converter = PlanConverter.choose(tofu, env(PlanConverter.COMMAND_VARIABLE),
                Duration.ofSeconds(Math.max(1, showTimeoutSeconds)));
        PlanCheck check = new PlanCheck(policyOptions.policy(context), policyOptions.workspace(context),
                Clock.systemUTC());
        CheckReport report = check.run(PlanSource.of(plan, context.in()), converter);
        emit(report);
        return report.verdict().exitCode();
    }

    /** With {@code --format json} an error is still a JSON report, so a pipeline reading the file sees it. */
    @Override
    protected void onError(String message) {
        if (format == Format.json) {
            emit(CheckReport.error(message));
        }
    }

    private void emit(CheckReport report) {
        ByteArrayOutputStream rendered = new ByteArrayOutputStream();
        if (format == Format.json) {
            JsonReport.write(report, rendered);
        } else {
            PrintWriter writer = new PrintWriter(new OutputStreamWriter(rendered, StandardCharsets.UTF_8));
            new TextReport(output == null && useColour()).write(report, writer);
        }
        if (output == null) {
            out().write(rendered.toByteArray(), 0, rendered.size());
            out().flush();
        } else {
            writeAtomically(output, rendered.toByteArray());
        }
    }

    private boolean useColour() {
        String noColour = env("NO_COLOR");
        return context.terminal() && (noColour == null || noColour.isEmpty());
    }

    /** A half-written report must never be mistaken for a whole one: write beside the target, then move. */
    private static void writeAtomically(Path target, byte[] content) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(absolute.getParent(), ".backstop-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(content);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackstopException("cannot write the report to " + target + ": " + e.getMessage(), e);
        }
    }
}
