package dev.backstop.core.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converts a binary plan file (what {@code terraform plan -out} writes) to JSON by running
 * {@code terraform show -json -no-color FILE} and streaming its standard output straight into the reader.
 *
 * <p>Terraform only reads plans made by its own exact version, so this fails often in practice; the failure is
 * reported with Terraform's own first error line. A hung tool is killed after the timeout.
 */
public final class PlanConverter {
    /** Environment variable naming the command to run instead of {@code terraform}, e.g. {@code /opt/tf/1.9/terraform}. */
    public static final String COMMAND_VARIABLE = "BACKSTOP_TERRAFORM";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final int STDERR_LIMIT = 64 * 1024;

    private final List<String> command;
    private final Duration timeout;

    public PlanConverter(List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    /**
     * The command to run: {@code tofu} when asked for, otherwise {@code $BACKSTOP_TERRAFORM} (split on spaces) when
     * set, otherwise {@code terraform} from the PATH.
     */
    public static PlanConverter choose(boolean tofu, String commandVariable, Duration timeout) {
        if (tofu) {
            return new PlanConverter(List.of("tofu"), timeout);
        }
        if (commandVariable != null && !commandVariable.isBlank()) {
            return new PlanConverter(Arrays.asList(commandVariable.trim().split("\\s+")), timeout);
        }
        return new PlanConverter(List.of("terraform"), timeout);
    }

    public List<String> command() {
        return command;
    }

    public PlanInfo read(Path planFile, PlanHandler handler) {
        return read(planFile, handler, PlanSizes.DEFAULT_MAX);
    }

    /** As {@link #read(Path, PlanHandler)}, reading at most {@code maxBytes} of the tool's JSON. */
    PlanInfo read(Path planFile, PlanHandler handler, long maxBytes) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of("show", "-json", "-no-color", planFile.toString()));
        String shown = String.join(" ", command) + " show -json " + planFile;
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new PlanException(planFile + " is a binary plan file and `" + command.get(0) + "` could not be run to"
                    + " convert it (" + PlanReader.firstLine(e.getMessage()) + "); install it, set " + COMMAND_VARIABLE
                    + ", or pass the output of `terraform show -json PLANFILE`");
        }
        closeQuietly(process.getOutputStream());
        StderrCollector stderr = new StderrCollector(process.getErrorStream());
        stderr.start();
        Watchdog watchdog = new Watchdog(process, timeout);
        watchdog.start();
        PlanInfo info = null;
        PlanException readFailure = null;
        try (InputStream stdout = new StrictUtf8InputStream(new MaxSizeInputStream(process.getInputStream(), maxBytes,
                "the output of `" + shown + "`"))) {
            info = new PlanReader().read(stdout, handler);
        } catch (PlanException e) {
            readFailure = e;
        } catch (IOException e) {
            readFailure = new PlanException("could not read the output of `" + shown + "`", e);
        }
        if (readFailure != null && stopIfStillRunning(process)) {
            watchdog.interrupt();
            stderr.awaitEnd();
            throw readFailure;
        }
        int exit = waitFor(process, shown);
        watchdog.interrupt();
        stderr.awaitEnd();
        if (watchdog.fired) {
            throw new PlanException("`" + shown + "` did not finish within " + timeout.toSeconds() + " s and was stopped");
        }
        if (exit != 0) {
            throw new PlanException("`" + shown + "` failed (exit " + exit + "): " + PlanText.shown(stderr.errorLine()));
        }
        if (readFailure != null) {
            throw readFailure;
        }
        return info;
    }

    /**
     * After the reader gave up (bad JSON, the size limit), a tool that is still running would only wait on a pipe
     * nobody reads: it gets a moment to exit, then it and its children are stopped. True when it had to be stopped.
     */
    private static boolean stopIfStillRunning(Process process) {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return true;
    }

    private int waitFor(Process process, String shown) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while waiting for `" + shown + "`");
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to send to the tool anyway
        }
    }

    /** Keeps the first part of the tool's error output and drains the rest so the tool never blocks on a full pipe. */
    private static final class StderrCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        StderrCollector(InputStream in) {
            super("backstop-terraform-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int room = STDERR_LIMIT - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was kept is all there is
            }
        }

        void awaitEnd() {
            try {
                join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Terraform frames its diagnostics in box-drawing characters; the "Error:" line is the useful one. */
        String errorLine() {
            String text = kept.toString(StandardCharsets.UTF_8);
            String fallback = null;
            for (String line : text.split("\\R")) {
                String clean = line.replaceAll("\u001B\\[[0-9;]*m", "").replaceAll("^[\\s\u2502\u2577\u2575]+", "").strip();
                if (clean.isEmpty()) {
                    continue;
                }
                if (clean.startsWith("Error:")) {
                    return clean;
                }
                if (fallback == null && !clean.startsWith("Warning:")) {
                    fallback = clean;
                }
            }
            return fallback == null ? "no error output" : fallback;
        }
    }

    private static final class Watchdog extends Thread {
        private final Process process;
        private final Duration timeout;
        volatile boolean fired;

        Watchdog(Process process, Duration timeout) {
            super("backstop-terraform-watchdog");
            setDaemon(true);
            this.process = process;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    fired = true;
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the tool finished in time
            }
        }
    }
}
