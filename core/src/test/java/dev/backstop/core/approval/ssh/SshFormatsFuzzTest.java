package dev.backstop.core.approval.ssh;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backstop.core.testing.FuzzContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Fuzzes the SSH parsers that read what an approver, or someone pretending to be one, hands in: armored signatures
 * and their binary blobs, allowed signers files, public key lines and revoked-keys files. Each returns a result or
 * refuses cleanly ({@link FuzzContract}); and a signature over another message never verifies. Seeds: real
 * ssh-keygen signatures of every key type over {@link #MESSAGE}, and an allowed signers file using every option.
 */
class SshFormatsFuzzTest {
    /** What the seed signatures sign, in namespace "backstop". */
    static final byte[] MESSAGE = "approve this plan".getBytes(StandardCharsets.UTF_8);
    static final SshPublicKey SEED_KEY = SshPublicKey.parse(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHU27ZqlEk5ezr6Qgi2c/khuEJR8CLtVRBsM45ulQ38/");
    private static final Instant AT = Instant.parse("2026-11-21T15:00:00Z");

    @FuzzTest
    void signature(byte[] input) {
        FuzzContract.resultOrCleanRefusal(() -> use(SshSignature.parse(new String(input, StandardCharsets.UTF_8))));
    }

    /** The binary blob inside the armor, so the fuzzer spends its time on the wire format rather than on base64. */
    @FuzzTest
    void signatureBlob(byte[] blob) {
        String armored = SshSignature.BEGIN + "\n" + Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(blob)
                + "\n" + SshSignature.END + "\n";
        FuzzContract.resultOrCleanRefusal(() -> use(SshSignature.parse(armored)));
    }

    @FuzzTest
    void allowedSigners(byte[] input) {
        FuzzContract.resultOrCleanRefusal(() -> {
            AllowedSigners signers = AllowedSigners.parse(new String(input, StandardCharsets.UTF_8), "allowed_signers");
            for (String principal : new String[] {"ed25519@example.com", "mallory@example.com", "", "*"}) {
                AllowedSigners.Decision decision = signers.check(principal, SEED_KEY, "backstop", AT);
                FuzzContract.checkMessage(decision.reason());
            }
            signers.principalsFor(SEED_KEY);
        });
    }

    @FuzzTest
    void keysAndRevokedKeys(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzContract.resultOrCleanRefusal(() -> RevokedKeys.parse(text, "revoked_keys").isRevoked(SEED_KEY));
        for (String line : text.split("\n", 64)) {
            FuzzContract.resultOrCleanRefusal(() -> {
                SshPublicKey key = SshPublicKey.parse(line);
                key.fingerprint();
                key.toJavaKey();
                if (!SshPublicKey.parse(key.toLine()).equals(key)) {
                    throw new AssertionError("a key does not read back from its own line: " + key.toLine());
                }
            });
        }
    }

    private static void use(SshSignature signature) {
        signature.toString();
        signature.publicKey().fingerprint();
        signature.verifies(MESSAGE);
        if (signature.verifies("approve another plan".getBytes(StandardCharsets.UTF_8))) {
            throw new AssertionError("a signature verifies two different messages: " + signature);
        }
    }
}
