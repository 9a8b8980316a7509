package dev.backstop.cli;

import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.audit.AuditEntry;
import dev.backstop.core.audit.AuditLog;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ReportContext;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.report.ReportWriters;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.report.RuleDescriptions;
import dev.backstop.core.report.TerraformSources;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
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
            "  backstop check plan.json --config-dir . --report sarif=backstop.sarif \\",
            "      --report junit=TEST-backstop.xml --report markdown=\"$GITHUB_STEP_SUMMARY\"",
            "  backstop check plan.json --format github --config-dir .",
            "  backstop check plan.json --policy ops/.backstop.yml --workspace prod",
            "  backstop check plan.json --approvals approvals/ --allowed-signers .backstop/allowed_signers \\",
            "      --author \"$PLAN_AUTHOR\" --audit-log audit.jsonl",
            "  backstop check plan.json --expect-fingerprint sha256:... \\",
            "      --author jenkins:alice --vouched-approval jenkins:bob \\",
            "      --vouched-by jenkins-input --vouched-source \"$BUILD_URL\"",
            "  terraform show -json plan.tfplan | backstop check -",
            "",
            "Environment:",
            "  BACKSTOP_TERRAFORM  command that converts binary plans (default: terraform)",
            "  BACKSTOP_MAX_PLAN_SIZE  largest plan JSON read, e.g. 4GiB (default: 2GiB)",
            "  TF_WORKSPACE        the workspace, when --workspace is not given",
            "  NO_COLOR            set to turn colour off (colour is only used on a terminal)",
            "",
            "Exit codes: 0 allow (or approved), 1 error (nothing decided: never apply), 2 usage,",
            "            3 approval required (what is missing is listed), 4 denied (no approval overrides).",
            "",
            "Formats (docs/reports.md): text; json (docs/report-schema.md); markdown (a PR",
            "  comment or step summary); sarif (GitHub code scanning); junit (test results);",
            "  native (Jenkins warnings-ng); github (Actions annotations).",
            "",
            "`backstop explain` lists the rules behind the findings."})
final class CheckCommand extends BackstopCommand {
    @Parameters(index = "0", paramLabel = "PLAN", description = "Plan JSON, binary plan file, or - for stdin.")
    String plan;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "Report format on standard output (or --output): text, json, markdown, sarif, junit,"
                    + " native, github (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--report", paramLabel = "FORMAT=PATH", converter = ReportTarget.Converter.class,
            description = "Also write the report in FORMAT to PATH, in the same run (repeatable). Each file is"
                    + " written whole or not at all; on an error each still gets the error.")
    List<ReportTarget> reports = new ArrayList<>();

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "The Terraform configuration (root module) the plan was made from: sarif, native and"
                    + " github point each finding at its resource block's line. Paths are shown relative to the"
                    + " working directory.")
    Path configDir;

    @Mixin
    PlanInputOptions input;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    ApprovalOptions approvalOptions;

    @Mixin
    VouchedApprovals vouched;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append the decision to this hash-chained JSON-lines log (`backstop audit verify FILE`).")
    Path auditLog;

    private final Clock clock = Clock.systemUTC();

    /** Rule descriptions and source locations, once the policy and configuration are read; built-in until then. */
    private ReportContext reportContext = ReportContext.defaults(VersionProvider.version());
    private boolean stdoutWritten;
    private String auditDetail;

    @Override
    protected int execute() {
        String clash = clash();
        if (clash != null) {
            reports = List.of();
            return usageError("two reports would be written to " + clash + "; give each its own file");
        }
        String problem = approvalOptions.usageProblem();
        if (problem == null) {
            problem = vouched.usageProblem();
        }
        if (problem != null) {
            reports = List.of();
            return usageError(problem);
        }
        PlanConverter converter = input.converter(context);
        Policy policy = policyOptions.policy(context);
        ResourceLocator locator = configDir == null ? ResourceLocator.NONE
                : TerraformSources.scan(context.workingDirectory().resolve(configDir), context.workingDirectory());
        reportContext = new ReportContext(RuleDescriptions.of(policy), locator, VersionProvider.version(), false);
        PlanCheck check = new PlanCheck(policy, policyOptions.workspace(context), clock);
        PlanSource source = input.source(plan, context);
        if (showProgress()) {
            source = source.withProgress(new ProgressLine(err(), source.name()));
        }
        CheckReport report = check.run(source, converter);
        List<ChannelApproval> channelApprovals = vouched.approvals(clock.instant());
        boolean notExpected = vouched.mismatch(report);
        if (approvalOptions.given() || (vouched.given() && !notExpected)) {
            report = approvalOptions.review(report, policy, context.workingDirectory(), clock,
                    notExpected ? List.of() : channelApprovals);
        }
        if (notExpected) {
            report = vouched.notTheExpectedPlan(report, channelApprovals);
            auditDetail = "expected plan " + vouched.expectedFingerprint;
            err().println("backstop: " + vouched.mismatchMessage(report));
            err().flush();
        }
        audit(report);
        emit(report);
        return report.verdict().exitCode();
    }

    /** Progress on large plans: only for a person watching standard error, never in CI logs or pipes. */
    private boolean showProgress() {
        String ci = env("CI");
        return context.stderrTerminal() && (ci == null || ci.isEmpty());
    }

    /** Every decision, errors included, goes to the audit log when one is named. */
    private void audit(CheckReport report) {
        if (auditLog != null) {
            AuditLog.append(context.workingDirectory().resolve(auditLog), AuditEntry.of("check", report,
                    clock.instant(), "backstop " + VersionProvider.version(), policyOptions.workspace(context),
                    approvalOptions.author, auditDetail));
        }
    }

    /**
     * An error is still written in every requested format except text on standard output (the stderr line says
     * it), so a pipeline reading any report file sees the error rather than last run's file or none.
     */
    @Override
    protected void onError(String message) {
        CheckReport error = CheckReport.error(message);
        try {
            emit(error);
        } finally {
            audit(error);
        }
    }

    /**
     * Renders every report first, writes the files, and standard output last: a file that cannot be written turns
     * the run into an error (exit 1) before anything was printed as if it had succeeded.
     */
    private void emit(CheckReport report) {
        boolean error = report.error() != null;
        List<byte[]> files = new ArrayList<>();
        for (ReportTarget target : reports) {
            files.add(render(target.format(), report, false));
        }
        boolean toStdout = output == null && !stdoutWritten && !(error && format == ReportFormat.TEXT);
        byte[] main = output != null || toStdout ? render(format, report, output == null && useColour()) : null;
        int i = 0;
        for (ReportTarget target : reports) {
            AtomicFiles.write(context.workingDirectory().resolve(target.path()), files.get(i++), "report");
        }
        if (output != null) {
            AtomicFiles.write(context.workingDirectory().resolve(output), main, "report");
        } else if (toStdout) {
            stdoutWritten = true;
            out().write(main, 0, main.length);
            out().flush();
        }
    }

    /** The first file two reports (or a report and --output) would both be written to, or null. */
    private String clash() {
        Set<Path> seen = new HashSet<>();
        if (output != null) {
            seen.add(context.workingDirectory().resolve(output).toAbsolutePath().normalize());
        }
        for (ReportTarget target : reports) {
            if (!seen.add(context.workingDirectory().resolve(target.path()).toAbsolutePath().normalize())) {
                return target.path().toString();
            }
        }
        return null;
    }

    private byte[] render(ReportFormat reportFormat, CheckReport report, boolean colour) {
        ByteArrayOutputStream rendered = new ByteArrayOutputStream();
        ReportWriters.of(reportFormat, reportContext.withColour(colour)).write(report, rendered);
        return rendered.toByteArray();
    }

    /** {@code --format} takes the same names as {@code --report}; picocli reports others as a usage error. */
    static final class FormatConverter implements CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            return ReportFormat.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "unknown format '" + value + "' (expected one of: " + ReportFormat.labels() + ")"));
        }
    }
}
