package dev.backstop.core.approval.ssh;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Keys that may no longer sign, whatever the allowed-signers file says: a text file of public keys, one per line
 * ({@code keytype base64-key [comment]}, as in {@code .pub} files), with blank lines and {@code #} comments. This is
 * the plain-list form that {@code ssh-keygen -Y verify -r FILE} also accepts.
 *
 * <p>Binary KRLs ({@code ssh-keygen -k}, starting with {@code SSHKRL}) are refused with a message saying that only
 * the text form is supported: a KRL can revoke by serial, key id or hash, and reading only part of one would
 * quietly miss revocations. Security-key lines are accepted and revoke that exact key. Any malformed line is an
 * error naming {@code fileName:line}: a revocation list that cannot be read must not be taken as empty.
 */
public final class RevokedKeys {
    private static final RevokedKeys NONE = new RevokedKeys(Set.of());

    private final Set<ByteBuffer> blobs;

    private RevokedKeys(Set<ByteBuffer> blobs) {
        this.blobs = blobs;
    }

    /** Parses a revoked-keys text file; {@code fileName} is how errors name it. */
    public static RevokedKeys parse(String text, String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (text == null) {
            throw new SshFormatException(fileName + ": revoked keys file is missing");
        }
        if (text.startsWith("SSHKRL")) {
            throw new SshFormatException(fileName + " is a binary KRL (ssh-keygen -k); only the text form is "
                    + "supported: one revoked public key per line, as in .pub files");
        }
        if (text.length() > AllowedSigners.MAX_CHARS) {
            throw new SshFormatException(fileName + ": revoked keys file is too large (over " + AllowedSigners.MAX_CHARS
                    + " characters)");
        }
        if (text.indexOf('\0') >= 0) {
            throw new SshFormatException(fileName + " is binary, not a text list of public keys");
        }
        Set<ByteBuffer> blobs = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String content = lines[i].strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String[] fields = content.split("[ \t]+", 3);
            try {
                if (fields.length < 2) {
                    throw new SshFormatException("expected '<key type> <base64 key> [comment]'");
                }
                blobs.add(ByteBuffer.wrap(SshPublicKey.listed(fields[0], fields[1]).blob()));
            } catch (SshFormatException e) {
                throw new SshFormatException(fileName + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new RevokedKeys(Set.copyOf(blobs));
    }

    /** No key is revoked. */
    public static RevokedKeys none() {
        return NONE;
    }

    public boolean isRevoked(SshPublicKey key) {
        Objects.requireNonNull(key, "key");
        return blobs.contains(ByteBuffer.wrap(key.blobView()));
    }

    /** How many distinct keys are revoked. */
    public int size() {
        return blobs.size();
    }
}
