package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = {"Work with the audit log that `check --audit-log FILE` appends to."},
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: `backstop audit verify FILE`");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                "Check the hash chain of an audit log: every line names the hash of the line before it, so an",
                "edited, deleted or moved line is found. Prints the head hash: keep it elsewhere (the CI log) to",
                "also detect lines cut off the end.",
                "",
                "Exit codes: 0 intact, 1 broken or unreadable, 2 usage."})
    static final class Verify extends BackstopCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The audit log (JSON lines).")
        Path file;

        @Override
        protected int execute() {
            Path path = context.workingDirectory().resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new BackstopException("audit log " + file + " does not exist");
            }
            AuditLog.Verification result = AuditLog.verify(path);
            if (!result.intact()) {
                result.problems().forEach(problem -> out().println(file + ": " + problem));
                out().flush();
                throw new BackstopException("audit log " + file + " is not intact: " + result.problems().size()
                        + " problem" + (result.problems().size() == 1 ? "" : "s") + " (first: "
                        + result.problems().get(0) + ")");
            }
            out().println(file + ": " + result.entries() + " entries, chain intact; head " + result.head());
            out().flush();
            return 0;
        }
    }
}
