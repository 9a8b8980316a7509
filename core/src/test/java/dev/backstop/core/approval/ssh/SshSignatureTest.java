package dev.backstop.core.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.SshKeygen;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshSignatureTest {
    private static final byte[] MESSAGE = "plan sha256:4f2a approved for prod\n".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNER = "signer@example.com";

    @TempDir
    static Path dir;
    private static SshKeygen keygen;
    private static final Map<String, Path> KEYS = new LinkedHashMap<>();

    /** A real key of each supported type, made once for the class. */
    private static synchronized Path key(String name) {
        if (keygen == null) {
            keygen = SshKeygen.inTemp(dir);
            KEYS.put("ed25519", keygen.newKey("ed25519", 0, "ed25519"));
            KEYS.put("rsa", keygen.newKey("rsa", 2048, "rsa"));
            KEYS.put("ecdsa256", keygen.newKey("ecdsa", 256, "ecdsa256"));
            KEYS.put("ecdsa384", keygen.newKey("ecdsa", 384, "ecdsa384"));
            KEYS.put("ecdsa521", keygen.newKey("ecdsa", 521, "ecdsa521"));
        }
        return KEYS.get(name);
    }

    static Stream<Arguments> signers() {
        return Stream.of(
                Arguments.of("ed25519", new String[0], "ssh-ed25519", "sha512"),
                Arguments.of("rsa", new String[0], "rsa-sha2-512", "sha512"),
                Arguments.of("rsa", new String[] {"hashalg=sha256"}, "rsa-sha2-512", "sha256"),
                Arguments.of("ecdsa256", new String[0], "ecdsa-sha2-nistp256", "sha512"),
                Arguments.of("ecdsa384", new String[0], "ecdsa-sha2-nistp384", "sha512"),
                Arguments.of("ecdsa521", new String[] {"hashalg=sha256"}, "ecdsa-sha2-nistp521", "sha256"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}, {3}")
    @MethodSource("signers")
    void realSignatureVerifies(String keyName, String[] options, String algorithm, String hash) {
        Path key = key(keyName);
        String armored = keygen.sign(key, MESSAGE, "backstop", options);

        SshSignature signature = SshSignature.parse(armored);

        assertThat(signature.publicKey()).isEqualTo(SshPublicKey.parse(keygen.publicKeyLine(key)));
        assertThat(signature.namespace()).isEqualTo("backstop");
        assertThat(signature.signatureAlgorithm()).isEqualTo(algorithm);
        assertThat(signature.hashAlgorithm()).isEqualTo(hash);
        assertThat(signature.verifies(MESSAGE)).isTrue();
        assertThat(signature.verifies(MESSAGE, "backstop")).isTrue();
        assertThat(sshKeygenVerifies(key, MESSAGE, armored)).as("ssh-keygen -Y verify").isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signers")
    void tamperedMessageDoesNotVerify(String keyName, String[] options, String algorithm, String hash) {
        Path key = key(keyName);
        String armored = keygen.sign(key, MESSAGE, "backstop", options);
        byte[] tampered = MESSAGE.clone();
        tampered[5] ^= 0x20;

        assertThat(SshSignature.parse(armored).verifies(tampered)).isFalse();
        assertThat(SshSignature.parse(armored).verifies(Arrays.copyOf(MESSAGE, MESSAGE.length - 1))).isFalse();
        assertThat(sshKeygenVerifies(key, tampered, armored)).as("ssh-keygen -Y verify").isFalse();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("signers")
    void tamperedSignatureByteDoesNotVerify(String keyName, String[] options, String algorithm, String hash) {
        Path key = key(keyName);
        byte[] blob = dearmor(keygen.sign(key, MESSAGE, "backstop", options));
        // Ten bytes from the end is inside the signature value for every type (for ECDSA, inside s).
        blob[blob.length - 10] ^= 0x01;
        String tampered = armor(blob, 70);

        SshSignature signature = SshSignature.parse(tampered);

        assertThat(signature.verifies(MESSAGE)).isFalse();
        assertThat(sshKeygenVerifies(key, MESSAGE, tampered)).as("ssh-keygen -Y verify").isFalse();
    }

    @Test
    void signatureInAnotherNamespaceIsReportedByNamespace() {
        Path key = key("ed25519");
        String armored = keygen.sign(key, MESSAGE, "git");

        SshSignature signature = SshSignature.parse(armored);

        assertThat(signature.namespace()).isEqualTo("git");
        assertThat(signature.verifies(MESSAGE)).as("valid in its own namespace").isTrue();
        assertThat(signature.verifies(MESSAGE, "backstop")).isFalse();
        assertThat(sshKeygenVerifies(key, MESSAGE, armored, "backstop")).isFalse();
        assertThat(sshKeygenVerifies(key, MESSAGE, armored, "git")).isTrue();
    }

    @Test
    void namespaceIsPartOfWhatIsSigned() {
        Path key = key("ed25519");
        Sshsig real = Sshsig.of(dearmor(keygen.sign(key, MESSAGE, "git")));
        String relabelled = armor(real.with(1, "backstop".getBytes(StandardCharsets.UTF_8)).blob(), 70);

        assertThat(SshSignature.parse(relabelled).namespace()).isEqualTo("backstop");
        assertThat(SshSignature.parse(relabelled).verifies(MESSAGE)).isFalse();
        assertThat(sshKeygenVerifies(key, MESSAGE, relabelled, "backstop")).isFalse();
    }

    @Test
    void rsaSha256SignatureVerifiesLikeSshKeygenSays() throws Exception {
        // ssh-keygen always signs RSA with rsa-sha2-512; other signers (agents, libraries) may use rsa-sha2-256,
        // so one is made here with the same RSA key and checked by both sides.
        Path key = key("rsa");
        String armored = javaSigned(key, "rsa-sha2-256", "SHA256withRSA", "sha512");

        SshSignature signature = SshSignature.parse(armored);

        assertThat(signature.signatureAlgorithm()).isEqualTo("rsa-sha2-256");
        assertThat(signature.verifies(MESSAGE)).isTrue();
        assertThat(sshKeygenVerifies(key, MESSAGE, armored)).as("ssh-keygen -Y verify").isTrue();
        assertThat(signature.verifies("other".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void sha1RsaSignatureIsRefused() {
        Path key = key("rsa");
        Sshsig real = Sshsig.of(dearmor(keygen.sign(key, MESSAGE, "backstop")));
        List<byte[]> inner = Wire.strings(real.fields().get(4));
        assertThat(Wire.ascii(inner.get(0))).isEqualTo("rsa-sha2-512");
        byte[] renamed = Wire.of().string("ssh-rsa").string(inner.get(1)).bytes();
        String armored = armor(real.with(4, renamed).blob(), 70);

        SshSignature signature = SshSignature.parse(armored);

        assertThat(signature.signatureAlgorithm()).isEqualTo("ssh-rsa");
        assertThatThrownBy(() -> signature.verifies(MESSAGE))
                .isInstanceOf(SshFormatException.class)
                .hasMessageStartingWith("SSH signature uses ssh-rsa (RSA with SHA-1), which is refused");
        assertThat(sshKeygenVerifies(key, MESSAGE, armored)).as("ssh-keygen -Y verify").isFalse();
    }

    @Test
    void validSha1RsaSignatureIsRefusedToo() throws Exception {
        Path key = key("rsa");
        String armored = javaSigned(key, "ssh-rsa", "SHA1withRSA", "sha512");

        assertThatThrownBy(() -> SshSignature.parse(armored).verifies(MESSAGE))
                .isInstanceOf(SshFormatException.class)
                .hasMessageContaining("SHA-1");
        assertThat(sshKeygenVerifies(key, MESSAGE, armored)).as("ssh-keygen -Y verify").isFalse();
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {64, 76, 4, 100000})
    void armorRewrappedAtAnotherWidthStillVerifies(int width) {
        Path key = key("ecdsa384");
        String original = keygen.sign(key, MESSAGE, "backstop");
        String rewrapped = armor(dearmor(original), width);
        assertThat(rewrapped).isNotEqualTo(original);

        SshSignature signature = SshSignature.parse(rewrapped);

        assertThat(signature.publicKey()).isEqualTo(SshSignature.parse(original).publicKey());
        assertThat(signature.verifies(MESSAGE)).isTrue();
        assertThat(sshKeygenVerifies(key, MESSAGE, rewrapped)).as("ssh-keygen accepts any width too").isTrue();
    }

    @Test
    void crlfLineEndsAndBlankLinesAroundTheArmorAreAccepted() {
        String armored = sign(key("ed25519"), MESSAGE, "backstop");
        String crlf = "\r\n  \n" + armored.replace("\n", "\r\n") + "\r\n\t\n";

        assertThat(SshSignature.parse(crlf).verifies(MESSAGE)).isTrue();
        assertThat(SshSignature.parse(armored.strip()).verifies(MESSAGE)).as("no final newline").isTrue();
    }

    @Test
    void truncatedArmorIsRefused() {
        String armored = sign(key("ed25519"), MESSAGE, "backstop");
        List<String> lines = armored.lines().collect(Collectors.toList());
        String withoutEnd = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        List<String> shortened = new ArrayList<>(lines);
        shortened.remove(shortened.size() - 2);

        assertThatThrownBy(() -> SshSignature.parse(withoutEnd))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("SSH signature is truncated: no -----END SSH SIGNATURE----- line");
        assertThatThrownBy(() -> SshSignature.parse(String.join("\n", shortened)))
                .isInstanceOf(SshFormatException.class)
                .hasMessageStartingWith("SSH signature");
        assertThatThrownBy(() -> SshSignature.parse(armored.substring(0, armored.length() / 2)))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("SSH signature is truncated: no -----END SSH SIGNATURE----- line");
        String cutBlob = armor(Arrays.copyOf(dearmor(armored), dearmor(armored).length - 3), 70);
        assertThatThrownBy(() -> SshSignature.parse(cutBlob))
                .hasMessage("SSH signature: signature claims 83 bytes but only 80 remain");
    }

    @Test
    void textOutsideTheArmorIsRefused() {
        String armored = sign(key("ed25519"), MESSAGE, "backstop");

        assertThatThrownBy(() -> SshSignature.parse(armored + "garbage\n"))
                .hasMessage("SSH signature has text after the -----END SSH SIGNATURE----- line");
        assertThatThrownBy(() -> SshSignature.parse("Signed-off-by: someone\n" + armored))
                .hasMessage("SSH signature must start with the line -----BEGIN SSH SIGNATURE-----");
        assertThatThrownBy(() -> SshSignature.parse(armored + armored))
                .hasMessage("SSH signature: only one signature is allowed, found another armor line after "
                        + "-----END SSH SIGNATURE-----");
        assertThatThrownBy(() -> SshSignature.parse(armored.replaceFirst("\n", "\n-----BEGIN SSH SIGNATURE-----\n")))
                .hasMessage("SSH signature has a second -----BEGIN SSH SIGNATURE----- line");
        assertThatThrownBy(() -> SshSignature.parse(armored.replaceFirst("\n", "\n\n")))
                .hasMessage("SSH signature has a blank line inside the armor");
        assertThatThrownBy(() -> SshSignature.parse(armored.replaceFirst("\n", "\n ")))
                .hasMessage("SSH signature has a line inside the armor that is not base64");
        assertThatThrownBy(() -> SshSignature.parse(" " + armored))
                .hasMessage("SSH signature must start with the line -----BEGIN SSH SIGNATURE-----");
        assertThatThrownBy(() -> SshSignature.parse(armored.replace("-----END SSH SIGNATURE-----", "")))
                .hasMessage("SSH signature is truncated: no -----END SSH SIGNATURE----- line");
    }

    @Test
    void badBase64IsRefused() {
        String armored = sign(key("ed25519"), MESSAGE, "backstop");
        String body = armored.lines().skip(1).findFirst().orElseThrow();

        assertThatThrownBy(() -> SshSignature.parse(armored.replace(body, body.substring(0, 10) + "*" + body.substring(11))))
                .hasMessage("SSH signature has a line inside the armor that is not base64");
        assertThatThrownBy(() -> SshSignature.parse(armored.replace(body, body.substring(0, 10) + "=" + body.substring(11))))
                .hasMessage("SSH signature is not valid base64 (truncated or altered?)");
    }

    @Test
    void emptyMissingAndOversizedInputIsRefused() {
        assertThatThrownBy(() -> SshSignature.parse(null)).hasMessage("SSH signature is missing");
        assertThatThrownBy(() -> SshSignature.parse(" \n\n")).hasMessage("SSH signature is empty");
        String huge = SshSignature.BEGIN + "\n" + "A".repeat(70 * 1000) + "\n" + SshSignature.END + "\n";
        assertThatThrownBy(() -> SshSignature.parse(huge)).hasMessageStartingWith("SSH signature is too large");
    }

    @Test
    void malformedBlobsAreRefusedWithTheirReason() {
        Sshsig real = Sshsig.of(dearmor(sign(key("ed25519"), MESSAGE, "backstop")));
        byte[] trailing = Arrays.copyOf(real.blob(), real.blob().length + 1);
        byte[] magic = real.blob().clone();
        magic[0] = 'X';
        byte[] version2 = real.blob().clone();
        version2[9] = 2;

        assertRefused(trailing, "SSH signature: has 1 unexpected trailing bytes");
        assertRefused(magic, "SSH signature: not an SSHSIG signature (no SSHSIG magic)");
        assertRefused(version2, "SSH signature: unsupported SSHSIG version 2 (only version 1 exists)");
        assertRefused(real.with(1, new byte[0]).blob(), "SSH signature: namespace is empty");
        assertRefused(real.with(1, new byte[] {'a', 10, 'b'}).blob(), "SSH signature: namespace contains control characters");
        assertRefused(real.with(2, new byte[] {1}).blob(),
                "SSH signature: reserved field is not empty (no SSHSIG version defines it)");
        assertRefused(real.with(3, "sha1".getBytes(StandardCharsets.US_ASCII)).blob(),
                "SSH signature: hash algorithm \"sha1\" is not supported (sha256 or sha512)");
        assertRefused(Wire.of().raw("SSHSIG").uint32(1).uint32(0x7FFFFFFF).raw(new byte[16]).bytes(),
                "SSH signature: public key claims 2147483647 bytes but only 16 remain");
        assertRefused(Arrays.copyOf(real.blob(), 4), "SSH signature: not an SSHSIG signature (no SSHSIG magic)");
    }

    @Test
    void signatureAlgorithmMustBelongToTheKey() {
        Sshsig ed = Sshsig.of(dearmor(sign(key("ed25519"), MESSAGE, "backstop")));
        Sshsig ecdsa = Sshsig.of(dearmor(sign(key("ecdsa256"), MESSAGE, "backstop")));
        byte[] edValue = Wire.strings(ed.fields().get(4)).get(1);
        byte[] ecdsaValue = Wire.strings(ecdsa.fields().get(4)).get(1);

        assertRefused(ed.with(4, Wire.of().string("rsa-sha2-512").string(edValue).bytes()).blob(),
                "SSH signature: signature algorithm \"rsa-sha2-512\" does not belong to a ssh-ed25519 key");
        assertRefused(ecdsa.with(4, Wire.of().string("ecdsa-sha2-nistp384").string(ecdsaValue).bytes()).blob(),
                "SSH signature: signature algorithm \"ecdsa-sha2-nistp384\" does not belong to a ecdsa-sha2-nistp256 key");
        assertRefused(ed.with(4, Wire.of().string("ssh-ed25519").string(Arrays.copyOf(edValue, 63)).bytes()).blob(),
                "SSH signature: an Ed25519 signature must be 64 bytes, not 63");
        assertRefused(ed.with(4, Wire.of().string("ssh-ed25519").string(edValue).raw(new byte[1]).bytes()).blob(),
                "SSH signature: has 1 unexpected trailing bytes");
    }

    @Test
    void ecdsaValuesOutsideTheGroupOrderAreRefused() {
        Sshsig ecdsa = Sshsig.of(dearmor(sign(key("ecdsa256"), MESSAGE, "backstop")));
        BigInteger order = EcCurve.NISTP256.params().getOrder();
        List<byte[]> rs = Wire.strings(Wire.strings(ecdsa.fields().get(4)).get(1));
        byte[] rIsOrder = Wire.of().mpint(order).string(rs.get(1)).bytes();
        byte[] sIsZero = Wire.of().string(rs.get(0)).mpint(BigInteger.ZERO).bytes();

        for (byte[] value : List.of(rIsOrder, sIsZero)) {
            assertRefused(ecdsa.with(4, Wire.of().string("ecdsa-sha2-nistp256").string(value).bytes()).blob(),
                    "SSH signature: ECDSA r and s must be between 1 and the curve order");
        }
    }

    @Test
    void securityKeySignaturesAreRefusedClearly() {
        Sshsig real = Sshsig.of(dearmor(sign(key("ed25519"), MESSAGE, "backstop")));
        byte[] rawKey = Wire.strings(real.fields().get(0)).get(1);
        byte[] skKey = Wire.of().string("sk-ssh-ed25519@openssh.com").string(rawKey).string("ssh:").bytes();

        assertRefused(real.with(0, skKey).blob(),
                "SSH signature: security-key signatures are not supported yet (key type sk-ssh-ed25519@openssh.com)");
    }

    /** Signs with ssh-keygen; a static method so that {@code key(..)} has made the keys before keygen is used. */
    private static String sign(Path key, byte[] message, String namespace, String... options) {
        return keygen.sign(key, message, namespace, options);
    }

    private static void assertRefused(byte[] blob, String message) {
        assertThatThrownBy(() -> SshSignature.parse(armor(blob, 70)))
                .isInstanceOf(SshFormatException.class)
                .hasMessage(message);
    }

    /** ssh-keygen's verdict with an allowed-signers file listing only {@code key} for {@link #SIGNER}. */
    private static boolean sshKeygenVerifies(Path key, byte[] message, String armored) {
        return sshKeygenVerifies(key, message, armored, "backstop");
    }

    private static boolean sshKeygenVerifies(Path key, byte[] message, String armored, String namespace) {
        Path allowed = keygen.write("allowed_signers", SIGNER + " " + keygen.publicKeyLine(key) + "\n");
        return keygen.verify(allowed, SIGNER, namespace, message, armored);
    }

    /**
     * A signature made in the test with the JDK and the same private key (converted to PKCS#8 by ssh-keygen),
     * under signature algorithm name {@code sshAlgorithm}: for signatures ssh-keygen itself never makes.
     */
    private static String javaSigned(Path key, String sshAlgorithm, String jdkAlgorithm, String hash) throws Exception {
        Path copy = key.resolveSibling(key.getFileName() + "-pkcs8");
        if (!Files.exists(copy)) {
            Files.copy(key, copy);
            keygen.run(null, List.of("-q", "-p", "-N", "", "-P", "", "-m", "PKCS8", "-f", copy.toString()));
        }
        String pem = Files.readString(copy);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        byte[] hashed = MessageDigest.getInstance(hash.equals("sha256") ? "SHA-256" : "SHA-512").digest(MESSAGE);
        byte[] signedData = Wire.of().raw("SSHSIG").string("backstop").string(new byte[0]).string(hash).string(hashed)
                .bytes();
        Signature signer = Signature.getInstance(jdkAlgorithm);
        signer.initSign(privateKey);
        signer.update(signedData);
        byte[] value = signer.sign();
        byte[] publicKey = SshPublicKey.parse(keygen.publicKeyLine(key)).blob();
        byte[] blob = Wire.of().raw("SSHSIG").uint32(1).string(publicKey).string("backstop").string(new byte[0])
                .string(hash).string(Wire.of().string(sshAlgorithm).string(value).bytes()).bytes();
        return armor(blob, 70);
    }

    static byte[] dearmor(String armored) {
        return Base64.getDecoder().decode(armored.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining()));
    }

    static String armor(byte[] blob, int width) {
        String base64 = Base64.getEncoder().encodeToString(blob);
        StringBuilder out = new StringBuilder(SshSignature.BEGIN).append('\n');
        for (int at = 0; at < base64.length(); at += width) {
            out.append(base64, at, Math.min(base64.length(), at + width)).append('\n');
        }
        return out.append(SshSignature.END).append('\n').toString();
    }

    /** The five strings after an SSHSIG blob's magic and version: key, namespace, reserved, hash, signature. */
    record Sshsig(List<byte[]> fields) {
        static Sshsig of(byte[] blob) {
            assertThat(Wire.ascii(Arrays.copyOf(blob, 6))).isEqualTo("SSHSIG");
            List<byte[]> fields = Wire.strings(Arrays.copyOfRange(blob, 10, blob.length));
            assertThat(fields).hasSize(5);
            return new Sshsig(fields);
        }

        Sshsig with(int index, byte[] value) {
            List<byte[]> changed = new ArrayList<>(fields);
            changed.set(index, value);
            return new Sshsig(changed);
        }

        byte[] blob() {
            Wire wire = Wire.of().raw("SSHSIG").uint32(1);
            fields.forEach(wire::string);
            return wire.bytes();
        }
    }
}
