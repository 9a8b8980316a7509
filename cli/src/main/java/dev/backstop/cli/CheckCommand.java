package dev.backstop.cli;

import dev.backstop.core.audit.AuditEntry;
import dev.backstop.core.audit.AuditLog;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.JsonReport;
import dev.backstop.core.report.TextReport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
            "  backstop check plan.json --approvals approvals/ --allowed-signers .backstop/allowed_signers \\",
            "      --author \"$PLAN_AUTHOR\" --audit-log audit.jsonl",
            "  terraform show -json plan.tfplan | backstop check -",
            "",
            "Environment:",
            "  BACKSTOP_TERRAFORM  command that converts binary plans (default: terraform)",
            "  TF_WORKSPACE        the workspace, when --workspace is not given",
            "  NO_COLOR            set to turn colour off (colour is only used on a terminal)",
            "",
            "Exit codes: 0 allow (or approved), 1 error (nothing decided: never apply), 2 usage,",
            "            3 approval required (what is missing is listed), 4 denied (no approval overrides).",
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

    @Mixin
    PlanInputOptions input;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    ApprovalOptions approvalOptions;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append the decision to this hash-chained JSON-lines log (`backstop audit verify FILE`).")
    Path auditLog;


    private final Clock clock = Clock.systemUTC();

    @Override
    protected int execute() {
        PlanConverter converter = input.converter(context);
        String problem = approvalOptions.usageProblem();
        if (problem != null) {
            return usageError(problem);
        }
        Policy policy = policyOptions.policy(context);
        String workspace = policyOptions.workspace(context);
        PlanCheck check = new PlanCheck(policy, workspace, clock);
        CheckReport report = check.run(PlanSource.of(plan, context.in()), converter);
        if (approvalOptions.given()) {
            report = approvalOptions.review(report, policy, context.workingDirectory(), clock);
        }
        audit(report);
        emit(report);
        return report.verdict().exitCode();
    }

    private void audit(CheckReport report) {
        if (auditLog != null) {
            AuditLog.append(context.workingDirectory().resolve(auditLog), AuditEntry.of("check", report,
                    clock.instant(), "backstop " + VersionProvider.version(), policyOptions.workspace(context),
                    approvalOptions.author, null));
        }
    }

    /** With {@code --format json} an error is still a JSON report, so a pipeline reading the file sees it. */
    @Override
    protected void onError(String message) {
        CheckReport error = CheckReport.error(message);
        if (format == Format.json) {
            emit(error);
        }
        audit(error);
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
            AtomicFiles.write(context.workingDirectory().resolve(output), rendered.toByteArray(), "report");
        }
    }

    private boolean useColour() {
        String noColour = env("NO_COLOR");
        return context.terminal() && (noColour == null || noColour.isEmpty());
    }
}
