package dev.backstop.core.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.SshKeygen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RevokedKeysTest {
    private static final String ALICE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDWu7K5+Uts7KYVEfFwNZmBdoL5PxZFLLzLbxImuLMgV";
    private static final String BOB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJS6mLuTFTuQS9uC7TspcMrjO4XrkUj5fdQV3JMv+0jb";
    private static final byte[] MESSAGE = "plan sha256:0c1d approved\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void listedKeyIsRevokedAndOthersAreNot() {
        RevokedKeys revoked = RevokedKeys.parse("# left the company 2026-05-01\r\n\r\n  " + ALICE + " alice@laptop\r\n",
                "revoked_keys");

        assertThat(revoked.isRevoked(SshPublicKey.parse(ALICE))).isTrue();
        assertThat(revoked.isRevoked(SshPublicKey.parse(BOB))).isFalse();
        assertThat(revoked.size()).isEqualTo(1);
    }

    @Test
    void noneRevokesNothing() {
        assertThat(RevokedKeys.none().isRevoked(SshPublicKey.parse(ALICE))).isFalse();
        assertThat(RevokedKeys.parse("# nobody yet\n\n", "revoked_keys").isRevoked(SshPublicKey.parse(ALICE))).isFalse();
        assertThat(RevokedKeys.none().size()).isZero();
    }

    @Test
    void sameKeyListedTwiceCountsOnce() {
        RevokedKeys revoked = RevokedKeys.parse(ALICE + " one\n" + ALICE + " two\n" + BOB + "\n", "revoked_keys");

        assertThat(revoked.size()).isEqualTo(2);
    }

    @Test
    void binaryKrlIsRefusedWithAClearMessage() throws Exception {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path key = keygen.newKey("ed25519", 0, "alice");
        Path krl = dir.resolve("revoked.krl");
        keygen.run(null, List.of("-q", "-k", "-f", krl.toString(), key + ".pub"));
        byte[] bytes = Files.readAllBytes(krl);

        for (String text : List.of(new String(bytes, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.ISO_8859_1))) {
            assertThatThrownBy(() -> RevokedKeys.parse(text, "revoked.krl"))
                    .isInstanceOf(SshFormatException.class)
                    .hasMessage("revoked.krl is a binary KRL (ssh-keygen -k); only the text form is supported: one "
                            + "revoked public key per line, as in .pub files");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ssh-ed25519 AAAA!!|SSH public key is not valid base64",
        "ssh-ed25519|expected '<key type> <base64 key> [comment]'",
        "cert-authority ssh-ed25519 AAAA|SSH public key: expected a key type first, found \"cert-authority\"",
        "ssh-dss AAAA|DSA keys (ssh-dss) are not supported: OpenSSH has deprecated them; use ssh-ed25519"})
    void malformedLineIsAnErrorWithFileAndLine(String lineAndMessage) {
        String[] parts = lineAndMessage.split("\\|");

        assertThatThrownBy(() -> RevokedKeys.parse("# revoked\n" + BOB + "\n" + parts[0] + "\n", "revoked_keys"))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("revoked_keys:3: " + parts[1]);
    }

    @Test
    void missingOrBinaryInputIsRefused() {
        assertThatThrownBy(() -> RevokedKeys.parse(null, "revoked_keys")).hasMessage("revoked_keys: revoked keys file is missing");
        assertThatThrownBy(() -> RevokedKeys.parse("\0\0\0", "revoked_keys"))
                .hasMessage("revoked_keys is binary, not a text list of public keys");
    }

    @Test
    void securityKeyLineRevokesThatKeyOnly() {
        byte[] raw = Wire.strings(SshPublicKey.parse(ALICE).blob()).get(1);
        String sk = "sk-ssh-ed25519@openssh.com " + Wire.of().string("sk-ssh-ed25519@openssh.com").string(raw)
                .string("ssh:").base64();

        RevokedKeys revoked = RevokedKeys.parse(sk + "\n", "revoked_keys");

        assertThat(revoked.size()).isEqualTo(1);
        assertThat(revoked.isRevoked(SshPublicKey.parse(ALICE))).as("same point, different key type").isFalse();
    }

    @Test
    void revocationAgreesWithSshKeygenVerifyR() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path alice = keygen.newKey("ed25519", 0, "alice");
        Path bob = keygen.newKey("ecdsa", 384, "bob");
        String aliceSignature = keygen.sign(alice, MESSAGE, "backstop");
        String bobSignature = keygen.sign(bob, MESSAGE, "backstop");
        String signersText = "alice@example.com " + keygen.publicKeyLine(alice) + "\nbob@example.com "
                + keygen.publicKeyLine(bob) + "\n";
        Path signersFile = keygen.write("allowed_signers", signersText);
        String revokedText = "# revoked after the laptop was lost\n" + keygen.publicKeyLine(alice) + "\n";
        Path revokedFile = keygen.write("revoked_keys", revokedText);
        AllowedSigners signers = AllowedSigners.parse(signersText, "allowed_signers");
        RevokedKeys revoked = RevokedKeys.parse(revokedText, "revoked_keys");

        boolean aliceJava = accepted(signers, revoked, "alice@example.com", aliceSignature);
        boolean bobJava = accepted(signers, revoked, "bob@example.com", bobSignature);

        assertThat(aliceJava).isFalse();
        assertThat(keygen.verify(signersFile, "alice@example.com", "backstop", MESSAGE, aliceSignature, "-r",
                revokedFile.toString())).isFalse();
        assertThat(keygen.verify(signersFile, "alice@example.com", "backstop", MESSAGE, aliceSignature))
                .as("alice's signature is good without the revocation").isTrue();
        assertThat(accepted(signers, RevokedKeys.none(), "alice@example.com", aliceSignature)).isTrue();
        assertThat(bobJava).isTrue();
        assertThat(keygen.verify(signersFile, "bob@example.com", "backstop", MESSAGE, bobSignature, "-r",
                revokedFile.toString())).isTrue();
    }

    private static boolean accepted(AllowedSigners signers, RevokedKeys revoked, String principal, String armored) {
        SshSignature signature = SshSignature.parse(armored);
        return signature.verifies(MESSAGE, "backstop") && !revoked.isRevoked(signature.publicKey())
                && signers.check(principal, signature.publicKey(), "backstop", Instant.now()).allowed();
    }
}
