package dev.backstop.cli;

import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.ExitCodes;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {"Explain a rule: what it flags, its default severity and settings, and examples.",
            "Without RULE, list every rule."},
        footerHeading = "%nExamples:%n",
        footer = {"  backstop explain", "  backstop explain shared-blast-radius"})
final class ExplainCommand extends BackstopCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RULE", description = "A rule id, as shown in reports.")
    String rule;

    @Override
    protected int execute() {
        RuleBook book = RuleBook.builtIn();
        PrintStream out = out();
        if (rule == null) {
            out.println("Rules (findings at " + book.blockingSeverity().label() + " or above need sign-off):");
            for (RuleBook.RuleInfo info : book.infos()) {
                out.printf("  %-20s %-9s %s%n", info.id(), info.severity(), info.title());
            }
            out.println();
            out.println("Run `backstop explain RULE` for details.");
            return ExitCodes.ALLOW;
        }
        Optional<RuleBook.RuleInfo> found = book.info(rule);
        if (found.isEmpty()) {
            err().println("backstop: unknown rule \"" + rule + "\"; `backstop explain` lists the rules");
            return ExitCodes.USAGE;
        }
        RuleBook.RuleInfo info = found.get();
        boolean blocking = info.defaultSeverity().isAtLeast(book.blockingSeverity());
        out.println(info.id() + ": " + info.title());
        out.println("Default severity: " + info.severity() + (blocking ? " (needs sign-off)" : " (advisory)"));
        out.println();
        out.println(info.purpose());
        if (info.settings() != null && !info.settings().isEmpty()) {
            out.println();
            out.println("Settings:");
            for (Map.Entry<String, Integer> setting : info.settings().entrySet()) {
                out.println("  " + setting.getKey() + ": " + setting.getValue());
            }
        }
        if (info.examples() != null && !info.examples().isEmpty()) {
            out.println();
            out.println("Examples:");
            info.examples().forEach(example -> out.println("  " + example));
        }
        return ExitCodes.ALLOW;
    }
}
