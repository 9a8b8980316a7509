package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.policy.PolicyDescription;
import dev.backstop.core.policy.PolicyFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "policy",
        mixinStandardHelpOptions = true,
        description = {
            "Show or validate the policy: what blocks, what is denied, what is exempt, who approves.",
            "",
            "A project's policy is .backstop.yml (in the working directory or at the git root, or --policy FILE).",
            "It extends Backstop's built-in default policy; see docs/policy.md and the JSON Schema in",
            "docs/schema/backstop-policy.schema.json for editors."},
        subcommands = {PolicyCommand.Show.class, PolicyCommand.Validate.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  backstop policy show                      # effective policy, with where each value came from",
            "  backstop policy validate .backstop.yml    # check a file alone: exit 0 valid, 1 invalid"})
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: `backstop policy show` or `backstop policy validate`");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {
                "Print the effective policy (built-in defaults extended by the project's file) as a policy file,",
                "each value followed by a comment saying where it came from. Expired exemptions are marked."})
    static final class Show extends BackstopCommand {
        @Mixin
        PolicyOptions options;

        @Override
        protected int execute() {
            Policy policy = options.policy(context);
            out().print(PolicyDescription.describe(policy, LocalDate.now(Clock.systemUTC())));
            out().flush();
            return 0;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {
                "Check a policy file alone: unknown keys, wrong types, bad patterns, unknown rules and CEL",
                "conditions that do not compile are reported with file:line:column.",
                "",
                "Exit codes: 0 valid, 1 invalid (or unreadable), 2 usage."})
    static final class Validate extends BackstopCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "Policy file (default: the one `check` would use).")
        Path file;

        @Override
        protected int execute() {
            Path path = file != null ? context.workingDirectory().resolve(file)
                    : PolicyFiles.discover(context.workingDirectory()).orElseThrow(() -> new BackstopException(
                            "no " + PolicyFiles.FILE_NAME + " in " + context.workingDirectory()
                                    + " or at its git root; name the file to validate"));
            Policy policy = Policy.load(path);
            long expired = policy.exemptions().stream()
                    .filter(e -> e.isExpired(LocalDate.now(Clock.systemUTC()))).count();
            out().println(file != null ? file : path);
            out().println("  valid policy (version 1): " + policy.ruleOverrides().size() + " rule settings, "
                    + policy.environments().size() + " environments, " + policy.protect().size()
                    + " protect entries, " + policy.exemptions().size() + " exemptions"
                    + (expired > 0 ? " (" + expired + " expired)" : "") + ", " + policy.customRules().size()
                    + " custom rules");
            out().flush();
            return 0;
        }
    }
}
