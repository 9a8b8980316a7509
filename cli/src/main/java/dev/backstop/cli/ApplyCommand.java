package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.apply.ApplyFlow;
import dev.backstop.core.apply.LocalConfirmation;
import dev.backstop.core.apply.TerraformProcess;
import dev.backstop.core.approval.ApprovalReview;
import dev.backstop.core.audit.AuditEntry;
import dev.backstop.core.audit.AuditLog;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.TextReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "apply",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Plan, check, and apply that same saved plan only when Backstop allows it.",
            "",
            "Runs `terraform plan -out`, checks the saved plan, and runs `terraform apply` of exactly that file when",
            "the verdict is allow: nothing needs sign-off, the signed approvals (--approvals) are enough, or a",
            "person at a terminal confirmed by typing what the plan destroys. Without a terminal, or when CI is",
            "set (scripts, pipelines, coding agents), only signed approvals count. Never applies any other plan.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  backstop apply --chdir infra/prod -- -var-file=prod.tfvars",
            "  backstop apply --approvals approvals/ --allowed-signers .backstop/allowed_signers",
            "  backstop apply --destroy          # a destroy plan is checked like any other",
            "",
            "Exit codes: 0 applied (or nothing to do), 1 error (nothing applied), 2 usage,",
            "            3 approval required (nothing applied), 4 denied (nothing applied)."})
final class ApplyCommand extends BackstopCommand {
    @Option(names = "--chdir", paramLabel = "DIR", description = "The Terraform configuration directory.")
    Path chdir;

    @Option(names = "--destroy", description = "Plan a destroy (`terraform plan -destroy`).")
    boolean destroy;

    @Option(names = "--tofu", description = "Run `tofu` instead of `terraform` (or set BACKSTOP_TERRAFORM).")
    boolean tofu;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    ApprovalOptions approvalOptions;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Append the decision (and any local confirmation) to this hash-chained log.")
    Path auditLog;

    @Parameters(paramLabel = "PLAN_ARGS", arity = "0..*",
            description = "Arguments after -- go to `terraform plan` (e.g. -var-file=prod.tfvars).")
    List<String> planArgs = new ArrayList<>();

    private final Clock clock = Clock.systemUTC();

    @Override
    protected int execute() {
        String problem = approvalOptions.usageProblem();
        if (problem != null) {
            return usageError(problem);
        }
        List<String> command = PlanConverter.choose(tofu, env(PlanConverter.COMMAND_VARIABLE),
                PlanConverter.DEFAULT_TIMEOUT).command();
        Path dir = chdir == null ? null : context.workingDirectory().resolve(chdir);
        List<String> showCommand = new ArrayList<>(command);
        if (dir != null) {
            showCommand.add("-chdir=" + dir);
        }
        Policy policy = policyOptions.policy(context);
        String workspace = policyOptions.workspace(context);
        ApplyFlow flow = new ApplyFlow(new TerraformProcess(command, dir),
                new PlanConverter(showCommand, PlanConverter.DEFAULT_TIMEOUT), new PlanCheck(policy, workspace, clock));
        ApplyFlow.Outcome outcome = flow.run(destroy, planArgs,
                checked -> approvalOptions.given() ? approvalOptions.review(checked, policy,
                        context.workingDirectory(), clock) : checked,
                this::show,
                needing -> confirmLocally(needing, policy));
        audit(outcome.applied() ? "apply" : "check", outcome.report(), null);
        return outcome.exitCode();
    }

    private void show(CheckReport report) {
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out(), StandardCharsets.UTF_8));
        new TextReport(useColour()).write(report, writer);
        writer.flush();
    }

    private CheckReport confirmLocally(CheckReport report, Policy policy) {
        Optional<String> refusal = LocalConfirmation.refusal(report, policy, context.terminal(), context.env());
        if (refusal.isPresent()) {
            err().println("backstop: not applied: approval required, and local confirmation is not possible ("
                    + refusal.get() + ")");
            return report;
        }
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8));
            if (!LocalConfirmation.ask(report, in, out())) {
                err().println("backstop: not applied: not confirmed");
                return report;
            }
        } catch (IOException e) {
            throw new BackstopException("cannot read the confirmation: " + e.getMessage(), e);
        }
        String who = Optional.ofNullable(env("USER")).filter(u -> !u.isBlank()).orElse("(unknown local user)");
        ApprovalReview confirmed = new ApprovalReview(List.of(), List.of(new ApprovalReview.Accepted(who, null,
                "terminal", "local-confirmation", clock.instant(), clock.instant().plus(Duration.ofMinutes(5)))),
                report.approvals() == null ? List.of() : report.approvals().rejected(), true);
        CheckReport decided = report.withApprovals(confirmed);
        audit("confirm", decided, who + " confirmed at a terminal");
        return decided;
    }

    private void audit(String event, CheckReport report, String detail) {
        if (auditLog != null) {
            AuditLog.append(context.workingDirectory().resolve(auditLog), AuditEntry.of(event, report,
                    clock.instant(), "backstop " + VersionProvider.version(), policyOptions.workspace(context),
                    approvalOptions.author, detail));
        }
    }
}
