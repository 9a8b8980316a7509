package dev.backstop.cli;

import dev.backstop.core.verdict.ExitCodes;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code backstop} command. {@link #main} only exits with what {@link #run} returns, so tests drive the real
 * command line with their own streams and environment.
 */
@Command(name = "backstop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A plan-review gate for Terraform and OpenTofu: flags destroys and replacements in a plan"
                + " and blocks apply until an authorised human has signed off on that exact plan.",
        footerHeading = "%nExit codes (stable; pipelines may branch on them):%n",
        footer = {
            "  0  allow              nothing needs sign-off",
            "  1  error              bad input or internal failure: nothing was decided,",
            "                        so never apply (fail closed)",
            "  2  usage              the command line was wrong",
            "  3  approval required  blocking findings need an authorised sign-off",
            "  4  denied             policy forbids the plan; change the Terraform code",
            "",
            "Start with:",
            "  terraform plan -out=plan.tfplan",
            "  terraform show -json plan.tfplan > plan.json",
            "  backstop check plan.json"})
public final class Backstop implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        warmUp(args);
        // bin/backstop says whether standard error is a terminal (Java cannot tell on its own): progress goes there.
        boolean stderrTerminal = "tty".equals(System.getProperty("backstop.stderr"));
        System.exit(run(new Context(System.in, System.out, System.err, System.getenv(), System.console() != null,
                Path.of("").toAbsolutePath(), stderrTerminal), args));
    }

    /** Commands that judge a plan: they need the built-in policy and catalog. */
    private static final java.util.Set<String> PLAN_COMMANDS = java.util.Set.of("check", "apply", "fingerprint", "approve");

    /**
     * Start: while this thread builds the command line (picocli's model of the command), another loads the
     * built-in policy and catalog the command will ask for, then runs a check of a tiny plan of its own
     * ({@link dev.backstop.core.check.WarmUp}) so the code of a check is loaded and past its first, slowest run.
     * Policy and catalog are loaded once, under a lock, so whichever thread asks first does the work and the other
     * waits for it (docs/performance.md).
     */
    private static void warmUp(String[] args) {
        if (args.length == 0 || !PLAN_COMMANDS.contains(args[0])) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                dev.backstop.core.policy.Policy.builtIn();
                dev.backstop.core.catalog.Catalog.builtIn();
                dev.backstop.core.check.WarmUp.run();
            } catch (RuntimeException | Error e) {
                // Whatever went wrong, the command meets it again itself and reports it properly.
            }
        }, "backstop-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs with the process's standard input and environment. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.in, out, err, System.getenv(), false, args);
    }

    /** Runs a command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
            String... args) {
        return run(in, out, err, env, terminal, Path.of("").toAbsolutePath(), args);
    }

    /** As above, in a chosen working directory (where {@code .backstop.yml} is looked for and paths resolve). */
    public static int run(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
            Path workingDirectory, String... args) {
        return run(new Context(in, out, err, env, terminal, workingDirectory), args);
    }

    /** The commands' names, in the order help lists them. */
    static final java.util.List<String> COMMANDS = java.util.List.of("check", "apply", "fingerprint", "approve",
            "github", "policy", "audit", "explain", "catalog", "help");

    /**
     * The class of a command, or null for a name that is not one. A switch, not a map of classes: a class literal
     * loads its class (and picocli's annotations on it) only when its case runs, so a start pays for one command.
     */
    static Class<?> commandClass(String name) {
        switch (name) {
            case "check": return CheckCommand.class;
            case "apply": return ApplyCommand.class;
            case "fingerprint": return FingerprintCommand.class;
            case "approve": return ApproveCommand.class;
            case "github": return GithubCommand.class;
            case "policy": return PolicyCommand.class;
            case "audit": return AuditCommand.class;
            case "explain": return ExplainCommand.class;
            case "catalog": return CatalogCommand.class;
            case "help": return CommandLine.HelpCommand.class;
            default: return null;
        }
    }

    private static int run(Context context, String... args) {
        PrintStream out = context.out();
        PrintStream err = context.err();
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        ContextFactory factory = new ContextFactory(context);
        CommandLine commandLine = new CommandLine(new Backstop(), factory);
        // picocli models each command by reflection, which is most of the start-up: when the command line names a
        // command, only that one is modelled (its help and errors are the same); otherwise all are, for the
        // overview, `help` and suggestions. Registered before the settings below, which apply to subcommands.
        Class<?> named = args.length > 0 ? commandClass(args[0]) : null;
        if (named == CommandLine.HelpCommand.class) {
            named = null; // `help COMMAND` needs them all
        }
        // Each a CommandLine of its own (not the bare class), so picocli applies the command's model transformers
        // (`github` removes --author), as it does for subcommands declared in the annotation.
        if (named != null) {
            commandLine.addSubcommand(args[0], new CommandLine(named, factory));
        } else {
            for (String name : COMMANDS) {
                commandLine.addSubcommand(name, new CommandLine(commandClass(name), factory));
            }
        }
        commandLine
                .setOut(outWriter)
                .setErr(errWriter)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Backstop::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // Commands handle their own failures (BackstopCommand); this is the last line of defence.
                    cmd.getErr().println("backstop: internal error: " + e);
                    return ExitCodes.ERROR;
                });
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** Bare {@code backstop}: show how to use it, as a usage error. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. `backstop check plan.json`");
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("backstop: " + e.getMessage());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCodes.USAGE;
    }

    /**
     * What a command may touch of the outside world; injected so tests control all of it.
     * {@code terminal} is true when a person is at a TTY (colour is allowed); {@code stderrTerminal} when standard
     * error is one (progress on large plans is shown there).
     */
    record Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
            Path workingDirectory, boolean stderrTerminal) {
        /** Tests and embedders: a terminal is a terminal on both streams. */
        Context(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
                Path workingDirectory) {
            this(in, out, err, env, terminal, workingDirectory, terminal);
        }
    }

    /** Hands the {@link Context} to each command picocli creates. */
    private static final class ContextFactory implements CommandLine.IFactory {
        private final Context context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(Context context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            K instance = fallback.create(type);
            if (instance instanceof BackstopCommand) {
                ((BackstopCommand) instance).context = context;
            }
            return instance;
        }
    }
}
