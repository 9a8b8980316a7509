package dev.backstop.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ssh-keygen} in a scratch directory: makes keys without a passphrase, signs with
 * {@code -Y sign} and verifies with {@code -Y verify}, so tests can check Backstop's SSH code against OpenSSH.
 *
 * <p>Every run has a timeout, no standard input (nothing can wait on a prompt) and {@code TZ=UTC}, so times in
 * allowed-signers files and {@code -Overify-time} mean UTC, as they do in Backstop. Tests that need the binary call
 * {@link #assumeAvailable()} first and are skipped, with a message, where it is absent.
 */
public final class SshKeygen {
    private static final long TIMEOUT_SECONDS = 60;
    private static Boolean available;

    private final Path dir;
    private int files;

    private SshKeygen(Path dir) {
        this.dir = dir;
    }

    /** Works in {@code dir} (a test's temporary directory): keys, messages and signatures are written there. */
    public static SshKeygen inTemp(Path dir) {
        assumeAvailable();
        return new SshKeygen(dir);
    }

    /** Skips the calling test, with a message, when ssh-keygen is not on the PATH. */
    public static void assumeAvailable() {
        assumeTrue(isAvailable(), "skipped: ssh-keygen is not on PATH (real SSH key and signature tests need it)");
    }

    public static synchronized boolean isAvailable() {
        if (available == null) {
            available = false;
            for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "ssh-keygen"))) {
                    available = true;
                    break;
                }
            }
        }
        return available;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A new key pair {@code dir/name} and {@code dir/name.pub}, without passphrase, comment {@code name}.
     * {@code type} is ssh-keygen's {@code -t} (ed25519, rsa, ecdsa); {@code bits} its {@code -b}, or 0 for the default.
     */
    public Path newKey(String type, int bits, String name) {
        Path key = dir.resolve(name);
        if (Files.exists(key) || Files.exists(dir.resolve(name + ".pub"))) {
            throw new IllegalStateException("key " + key + " already exists");
        }
        List<String> args = new ArrayList<>(List.of("-q", "-t", type, "-N", "", "-C", name, "-f", key.toString()));
        if (bits > 0) {
            args.add(1, "-b");
            args.add(2, Integer.toString(bits));
        }
        run(null, args).requireSuccess("ssh-keygen -t " + type);
        return key;
    }

    /**
     * The public key line ({@code type base64 comment}) as ssh-keygen wrote it in {@code privateKey.pub}, or as
     * {@code ssh-keygen -y} derives it from the private key when there is no {@code .pub} file.
     */
    public String publicKeyLine(Path privateKey) {
        Path pub = Path.of(privateKey + ".pub");
        if (!Files.exists(pub)) {
            return run(null, List.of("-y", "-f", privateKey.toString())).requireSuccess("ssh-keygen -y").trim();
        }
        try {
            return Files.readString(pub, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code SHA256:...} fingerprint that {@code ssh-keygen -l} prints for the key's public half. */
    public String fingerprint(Path privateKey) {
        String out = run(null, List.of("-l", "-E", "sha256", "-f", privateKey + ".pub")).requireSuccess("ssh-keygen -l");
        return out.trim().split("\\s+")[1];
    }

    /** The armored signature that {@code ssh-keygen -Y sign -n namespace} makes over {@code message}. */
    public String sign(Path privateKey, byte[] message, String namespace) {
        return sign(privateKey, message, namespace, new String[0]);
    }

    /** {@link #sign(Path, byte[], String)} with {@code -O} options, e.g. {@code "hashalg=sha256"}. */
    public String sign(Path privateKey, byte[] message, String namespace, String... options) {
        Path file = write("message-" + (++files), message);
        List<String> args = new ArrayList<>(List.of("-Y", "sign", "-f", privateKey.toString(), "-n", namespace));
        for (String option : options) {
            args.add("-O");
            args.add(option);
        }
        args.add(file.toString());
        run(null, args).requireSuccess("ssh-keygen -Y sign");
        try {
            return Files.readString(Path.of(file + ".sig"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code ssh-keygen -Y verify -f allowedSigners -I principal -n namespace} accepts {@code armored} over
     * {@code message}.
     */
    public boolean verify(Path allowedSigners, String principal, String namespace, byte[] message, String armored) {
        return verify(allowedSigners, principal, namespace, message, armored, new String[0]);
    }

    /**
     * {@link #verify(Path, String, String, byte[], String)} with more arguments, put on the command line as they are,
     * e.g. {@code "-Overify-time=20260101000000"} (read as UTC) or {@code "-r", revokedKeysFile}.
     */
    public boolean verify(Path allowedSigners, String principal, String namespace, byte[] message, String armored,
            String... extraArgs) {
        return verifyResult(allowedSigners, principal, namespace, message, armored, extraArgs).exitCode() == 0;
    }

    /** {@link #verify} with ssh-keygen's exit code and output, for tests that want to show why. */
    public Result verifyResult(Path allowedSigners, String principal, String namespace, byte[] message,
            String armored, String... extraArgs) {
        int n = ++files;
        Path messageFile = write("verify-message-" + n, message);
        Path signature = write("verify-" + n + ".sig", armored.getBytes(StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(List.of("-Y", "verify", "-f", allowedSigners.toString(), "-I", principal,
                "-n", namespace, "-s", signature.toString()));
        args.addAll(List.of(extraArgs));
        return run(messageFile, args);
    }

    /** Writes a file in the scratch directory (an allowed-signers file, a revocation list) and returns its path. */
    public Path write(String name, String text) {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public Path write(String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs ssh-keygen with {@code args}; standard input is {@code stdin}, or empty when null. */
    public Result run(Path stdin, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("ssh-keygen");
        command.addAll(args);
        int n = ++files;
        Path out = dir.resolve("ssh-keygen-" + n + ".out");
        Path err = dir.resolve("ssh-keygen-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("TZ", "UTC");
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running ssh-keygen", e);
        }
    }

    /** What one ssh-keygen run left: its exit code, standard output and standard error. */
    public record Result(int exitCode, String stdout, String stderr) {
        String requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + stderr.strip().lines().findFirst().orElse(""));
            }
            return stdout;
        }
    }
}
