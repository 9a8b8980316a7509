package dev.backstop.cli;

import dev.backstop.core.Durations;
import dev.backstop.core.approval.ApprovalFile;
import dev.backstop.core.approval.ApprovalSigner;
import dev.backstop.core.approval.ApprovalStatement;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "approve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sign off on one exact plan: write an approval covering its blocking findings, signed with your SSH key.",
            "",
            "The approval is an in-toto Statement (the plan fingerprint, the findings by rule and address, your",
            "principal, reason, created and expiry times) signed by `ssh-keygen -Y sign -n backstop`, so ssh-agent",
            "(give the .pub file as --key) and hardware keys work. `backstop check --approvals` verifies it; so can",
            "stock OpenSSH (docs/approvals.md). Read the findings before you sign: `backstop check PLAN`.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  backstop approve plan.json --key ~/.ssh/id_ed25519 --principal alice@example.com \\",
            "      --reason \"orders DB is migrated; snapshot rds:orders-2026-11-21 taken\" --out approvals/alice.json",
            "",
            "Exit codes: 0 written, 1 error (nothing written), 2 usage, 4 the plan is denied (cannot be approved)."})
final class ApproveCommand extends BackstopCommand {
    @Parameters(index = "0", paramLabel = "PLAN", description = "Plan JSON, binary plan file, or - for stdin.")
    String plan;

    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "Your SSH private key, or its .pub file when the key is in ssh-agent.")
    Path key;

    @Option(names = "--principal", required = true, paramLabel = "ID",
            description = "Who you are, as listed in the allowed signers file (e.g. alice@example.com).")
    String principal;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why this plan is safe to apply.")
    String reason;

    @Option(names = "--expires", paramLabel = "DURATION", defaultValue = "24h",
            description = "How long the approval is valid: 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
    String expires;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the approval.")
    Path out;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    PlanInputOptions input;

    @Override
    protected int execute() {
        Optional<Duration> validity = Durations.parse(expires);
        if (validity.isEmpty()) {
            return usageError("--expires must be a duration such as 30m, 24h or 7d, not \"" + expires + "\"");
        }
        if (principal.isBlank() || principal.chars().anyMatch(Character::isWhitespace)) {
            return usageError("--principal must be one word, as in the allowed signers file");
        }
        CheckReport report = new PlanCheck(policyOptions.policy(context), policyOptions.workspace(context),
                Clock.systemUTC()).run(input.source(plan, context), input.converter(context));
        if (report.verdict() == Verdict.DENY) {
            err().println("backstop: the policy denies this plan (" + report.deniedCount() + " denied change"
                    + (report.deniedCount() == 1 ? "" : "s") + "); no approval can override a denial, so none was"
                    + " written. Change the Terraform code.");
            return Verdict.DENY.exitCode();
        }
        List<ApprovalStatement.Covered> covered = report.findings().stream().filter(report::isBlocking)
                .map(f -> new ApprovalStatement.Covered(f.rule(), f.address())).distinct().toList();
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = created.plus(validity.get());
        ApprovalStatement statement = new ApprovalStatement(report.fingerprint(), covered, principal,
                reason == null || reason.isBlank() ? null : reason, created, until,
                "backstop " + VersionProvider.version());
        ApprovalFile approval = ApprovalSigner.sshKeygen().sign(statement, context.workingDirectory().resolve(key));
        AtomicFiles.write(context.workingDirectory().resolve(out), approval.toBytes(), "approval");
        out().println("Approved " + report.fingerprint() + " as " + principal + " until " + until + ", covering "
                + covered.size() + " blocking finding" + (covered.size() == 1 ? "" : "s") + ".");
        out().println("Wrote " + out + ". Check it with: backstop check PLAN --approvals " + out
                + " --allowed-signers FILE");
        if (covered.isEmpty()) {
            out().println("Note: nothing in this plan needs approval; the approval is not needed to apply it.");
        }
        out().flush();
        return 0;
    }
}
