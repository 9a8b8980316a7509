package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.verdict.ExitCodes;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * Base of every subcommand: the one place where failures become a single line on stderr and exit code 1.
 * A stack trace is printed only with {@code --debug}.
 */
abstract class BackstopCommand implements Callable<Integer> {
    Backstop.Context context;

    @Option(names = "--debug", description = "Print stack traces for errors (for bug reports).")
    boolean debug;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (BackstopException e) {
            return fail(e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            return fail("out of memory; give Java more with JAVA_OPTS=-Xmx2g", e);
        } catch (RuntimeException | StackOverflowError e) {
            return fail("internal error: " + e + " (please report it with --debug output)", e);
        }
    }

    /** Runs the command; returns the exit code. */
    protected abstract int execute();

    /** Called with the one-line message of a failure; commands may also report it in their own format. */
    protected void onError(String message) {
    }

    private int fail(String message, Throwable cause) {
        String line = message.replaceAll("\\R", " ");
        try {
            onError(line);
        } catch (RuntimeException e) {
            // the error report itself could not be written; the stderr line below still tells the user
            if (debug) {
                e.printStackTrace(err());
            }
        }
        err().println("backstop: error: " + line);
        if (debug) {
            cause.printStackTrace(err());
        }
        err().flush();
        return ExitCodes.ERROR;
    }

    /** A command line that parses but cannot work (options that need each other): exit 2, like picocli's own. */
    protected int usageError(String message) {
        err().println("backstop: " + message);
        err().println("Try 'backstop " + commandName() + " --help' for more information.");
        err().flush();
        return ExitCodes.USAGE;
    }

    private String commandName() {
        picocli.CommandLine.Command command = getClass().getAnnotation(picocli.CommandLine.Command.class);
        return command == null ? "" : command.name();
    }

    /** Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
    protected boolean useColour() {
        String noColour = env("NO_COLOR");
        return context.terminal() && (noColour == null || noColour.isEmpty());
    }

    protected PrintStream out() {
        return context.out();
    }

    protected PrintStream err() {
        return context.err();
    }

    protected String env(String name) {
        return context.env().get(name);
    }
}
