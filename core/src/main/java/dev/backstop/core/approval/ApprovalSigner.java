package dev.backstop.core.approval;

import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Signs a statement with the reviewer's SSH key by running {@code ssh-keygen -Y sign -n backstop}: OpenSSH does the
 * signing, so keys held by ssh-agent (give the public key file) and hardware keys work, and the private key never
 * passes through Backstop.
 */
public final class ApprovalSigner {
    private final String command;
    private final Duration timeout;

    /** @param timeout how long to wait, including for a passphrase or a touch of a hardware key */
    public ApprovalSigner(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    public static ApprovalSigner sshKeygen() {
        return new ApprovalSigner("ssh-keygen", Duration.ofMinutes(2));
    }

    public ApprovalFile sign(ApprovalStatement statement, Path key) {
        if (!Files.isRegularFile(key)) {
            throw new BackstopException("signing key " + key + " does not exist");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("backstop-approve-");
            Path payload = dir.resolve("statement.json");
            byte[] bytes = statement.toBytes();
            Files.write(payload, bytes);
            Path errors = dir.resolve("errors.txt");
            Process process = new ProcessBuilder(List.of(command, "-Y", "sign", "-f", key.toString(), "-n",
                    ApprovalVerifier.NAMESPACE, payload.toString()))
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(errors.toFile())
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BackstopException(command + " -Y sign did not finish within " + timeout.toSeconds() + "s");
            }
            Path signature = dir.resolve("statement.json.sig");
            if (process.exitValue() != 0 || !Files.isRegularFile(signature)) {
                throw new BackstopException(command + " -Y sign failed (exit " + process.exitValue() + "): "
                        + lastLine(Files.readString(errors, StandardCharsets.UTF_8)));
            }
            return new ApprovalFile("(new)", bytes, Files.readString(signature, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new BackstopException("cannot run " + command + " to sign: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackstopException("interrupted while signing");
        } finally {
            delete(dir);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).strip();
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary file left behind holds only the public statement
        }
    }
}
