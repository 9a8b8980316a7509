package dev.backstop.cli;

import dev.backstop.core.policy.CustomRule;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.ExitCodes;
import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {"Explain a rule: what it flags, its severity and settings, and examples.",
            "Without RULE, list every rule. Severities and settings are the effective policy's",
            "(built-in, extended by .backstop.yml or --policy FILE); `backstop policy show` says where each came from."},
        footerHeading = "%nExamples:%n",
        footer = {"  backstop explain", "  backstop explain shared-blast-radius"})
final class ExplainCommand extends BackstopCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "A rule id, as shown in reports.")
    String rule;

    @Mixin
    PolicyOptions policyOptions;

    @Override
    protected int execute() {
        Policy policy = policyOptions.policy(context);
        RuleBook book = policy.ruleBook();
        PrintStream out = out();
        if (rule == null) {
            out.println("Rules (findings at " + policy.blockingSeverity().label() + " or above need sign-off):");
            for (RuleBook.RuleInfo info : book.infos()) {
                out.printf("  %-20s %-9s %s%n", info.id(), label(policy, info.id()), info.title());
            }
            for (CustomRule custom : policy.customRules()) {
                out.printf("  %-20s %-9s %s%n", custom.id(), custom.deny() ? "deny" : custom.severity().label(),
                        custom.message() + " (custom rule, " + custom.position() + ")");
            }
            out.println();
            out.println("Run `backstop explain RULE` for details.");
            return ExitCodes.ALLOW;
        }
        Optional<CustomRule> custom = policy.customRules().stream().filter(r -> r.id().equals(rule)).findFirst();
        if (custom.isPresent()) {
            CustomRule info = custom.get();
            out.println(info.id() + ": custom rule from " + info.position());
            out.println("Severity: " + (info.deny() ? "deny (no approval can override)" : info.severity().label()));
            out.println("Message: " + info.message());
            out.println("Condition: " + info.condition());
            return ExitCodes.ALLOW;
        }
        Optional<RuleBook.RuleInfo> found = book.info(rule);
        if (found.isEmpty()) {
            err().println("backstop: unknown rule \"" + rule + "\"; `backstop explain` lists the rules");
            return ExitCodes.USAGE;
        }
        RuleBook.RuleInfo info = found.get();
        boolean blocking = policy.severity(rule).isAtLeast(policy.blockingSeverity());
        out.println(info.id() + ": " + info.title());
        out.println("Severity: " + label(policy, rule) + (!policy.enabled(rule) ? "" : blocking ? " (needs sign-off)"
                : " (advisory)") + (policy.severity(rule) == info.defaultSeverity() ? "" : "; built-in default "
                + info.severity()));
        out.println();
        out.println(info.purpose());
        if (info.settings() != null && !info.settings().isEmpty()) {
            out.println();
            out.println("Settings:");
            for (String name : info.settings().keySet()) {
                out.println("  " + name + ": " + policy.setting(rule, name));
            }
        }
        if (info.examples() != null && !info.examples().isEmpty()) {
            out.println();
            out.println("Examples:");
            info.examples().forEach(example -> out.println("  " + example));
        }
        return ExitCodes.ALLOW;
    }

    private static String label(Policy policy, String id) {
        return policy.enabled(id) ? policy.severity(id).label() : "disabled";
    }
}
