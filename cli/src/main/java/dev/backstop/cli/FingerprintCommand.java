package dev.backstop.cli;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.report.CheckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "fingerprint",
        mixinStandardHelpOptions = true,
        description = {
            "Print the plan's fingerprint: sha256 over every change that does something, independent of key order,",
            "whitespace, timestamps and unchanged resources (docs/fingerprint.md). Approvals are bound to it."},
        footerHeading = "%nExamples:%n",
        footer = {"  backstop fingerprint plan.json", "  backstop fingerprint plan.tfplan"})
final class FingerprintCommand extends BackstopCommand {
    @Parameters(index = "0", paramLabel = "PLAN", description = "Plan JSON, binary plan file, or - for stdin.")
    String plan;

    @Mixin
    PlanInputOptions input;

    @Override
    protected int execute() {
        CheckReport report = PlanCheck.defaults().run(input.source(plan, context), input.converter(context));
        out().println(report.fingerprint());
        out().flush();
        return 0;
    }
}
