package dev.backstop.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with captured streams, a chosen environment and stdin. */
final class Cli {
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean terminal;
    private Path workingDirectory = Path.of("").toAbsolutePath();

    static Cli cli() {
        return new Cli();
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(byte[] bytes) {
        stdin = new ByteArrayInputStream(bytes);
        return this;
    }

    /** A generated (possibly endless) standard input. */
    Cli stdin(InputStream in) {
        stdin = in;
        return this;
    }

    /** Runs as if started in {@code directory} (where .backstop.yml is looked for). */
    Cli in(Path directory) {
        workingDirectory = directory;
        return this;
    }

    Cli onTerminal() {
        terminal = true;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Backstop.run(stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.copyOf(env), terminal, workingDirectory, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }
}
