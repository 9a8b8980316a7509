package dev.backstop.core.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.SshKeygen;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SshPublicKeyTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> keyTypes() {
        return Stream.of(
                Arguments.of("ed25519", 0, "ssh-ed25519"),
                Arguments.of("rsa", 2048, "ssh-rsa"),
                Arguments.of("ecdsa", 256, "ecdsa-sha2-nistp256"),
                Arguments.of("ecdsa", 384, "ecdsa-sha2-nistp384"),
                Arguments.of("ecdsa", 521, "ecdsa-sha2-nistp521"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("keyTypes")
    void fingerprintAndTypeMatchSshKeygen(String type, int bits, String sshType) {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path privateKey = keygen.newKey(type, bits, "fp-" + type + bits);
        String line = keygen.publicKeyLine(privateKey);

        SshPublicKey key = SshPublicKey.parse(line);

        assertThat(key.type()).isEqualTo(sshType);
        assertThat(key.fingerprint()).isEqualTo(keygen.fingerprint(privateKey)).startsWith("SHA256:");
        assertThat(line).startsWith(key.toLine() + " ");
        assertThat(SshPublicKey.fromBlob(key.blob())).isEqualTo(key).hasSameHashCodeAs(key);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("keyTypes")
    void javaKeyIsTheKeySshKeygenExports(String type, int bits, String sshType) {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path privateKey = keygen.newKey(type, bits, "jk-" + type + bits);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(privateKey));
        byte[] expectedX509;
        if (type.equals("ed25519")) {
            // ssh-keygen cannot export Ed25519 as PKCS8; the X.509 form is a fixed DER prefix and the 32 raw bytes.
            List<byte[]> fields = Wire.strings(key.blob());
            expectedX509 = Wire.of().raw(HexFormat.of().parseHex("302a300506032b6570032100")).raw(fields.get(1)).bytes();
            assertThat(key.toJavaKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
        } else {
            String pem = keygen.run(null, List.of("-e", "-m", "PKCS8", "-f", privateKey + ".pub")).stdout();
            expectedX509 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        }

        assertThat(key.toJavaKey().getEncoded()).isEqualTo(expectedX509);
        if (type.equals("rsa")) {
            assertThat(((RSAPublicKey) key.toJavaKey()).getModulus().bitLength()).isEqualTo(bits);
        } else if (type.equals("ecdsa")) {
            assertThat(((ECPublicKey) key.toJavaKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(bits);
        }
    }

    @Test
    void equalityIsByKeyNotByComment() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        String line = keygen.publicKeyLine(keygen.newKey("ed25519", 0, "eq"));
        String[] fields = line.split(" ");
        String other = keygen.publicKeyLine(keygen.newKey("ed25519", 0, "eq-other"));

        assertThat(SshPublicKey.parse(fields[0] + " " + fields[1]))
                .isEqualTo(SshPublicKey.parse("  " + fields[0] + "\t" + fields[1] + " another comment with spaces \n"))
                .isNotEqualTo(SshPublicKey.parse(other));
        assertThat(SshPublicKey.parse(line).toString()).isEqualTo("ssh-ed25519 " + SshPublicKey.parse(line).fingerprint());
    }

    @Test
    void blobIsACopy() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("ed25519", 0, "copy")));
        byte[] blob = key.blob();
        blob[blob.length - 1] ^= 1;
        assertThat(key.blob()).isNotEqualTo(blob);
    }

    @Test
    void typeOnTheLineMustBeTheTypeInsideTheBlob() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        String base64 = keygen.publicKeyLine(keygen.newKey("ed25519", 0, "mismatch")).split(" ")[1];

        assertThatThrownBy(() -> SshPublicKey.parse("ssh-rsa " + base64))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("SSH public key: the line says ssh-rsa but the key inside is ssh-ed25519");
    }

    @Test
    void certificatesAreRefusedClearly() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        Path ca = keygen.newKey("ed25519", 0, "ca");
        Path user = keygen.newKey("ed25519", 0, "certified");
        keygen.run(null, List.of("-q", "-s", ca.toString(), "-I", "alice", "-n", "alice", user + ".pub"));
        String certificate = keygen.publicKeyLine(dir.resolve("certified-cert"));
        assertThat(certificate).startsWith("ssh-ed25519-cert-v01@openssh.com ");

        assertThatThrownBy(() -> SshPublicKey.parse(certificate))
                .isInstanceOf(SshFormatException.class)
                .hasMessageStartingWith("SSH certificates are not supported (key type ssh-ed25519-cert-v01@openssh.com)");
        byte[] blob = Base64.getDecoder().decode(certificate.split(" ")[1]);
        assertThatThrownBy(() -> SshPublicKey.fromBlob(blob)).hasMessageStartingWith("SSH certificates are not supported");
    }

    @Test
    void dsaKeysAreRefusedClearly() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        String line = keygen.publicKeyLine(keygen.newKey("dsa", 0, "dsa"));

        assertThatThrownBy(() -> SshPublicKey.parse(line))
                .isInstanceOf(SshFormatException.class)
                .hasMessageStartingWith("DSA keys (ssh-dss) are not supported");
    }

    @Test
    void securityKeysAreRefusedClearly() {
        byte[] blob = Wire.of().string("sk-ssh-ed25519@openssh.com").string(new byte[32]).string("ssh:").bytes();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(blob))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("security-key signatures are not supported yet (key type sk-ssh-ed25519@openssh.com)");
        assertThatThrownBy(() -> SshPublicKey.parse("sk-ecdsa-sha2-nistp256@openssh.com AAAA"))
                .hasMessageStartingWith("security-key signatures are not supported yet");
    }

    @Test
    void unknownTypeIsRefusedWithoutEchoingControlCharacters() {
        byte[] blob = Wire.of().string("ssh-foo\u0007bar").string(new byte[32]).bytes();
        assertThatThrownBy(() -> SshPublicKey.fromBlob(blob))
                .isInstanceOf(SshFormatException.class)
                .hasMessage("SSH public key: key type is not a printable ASCII name");

        byte[] unknown = Wire.of().string("ssh-foo").string(new byte[32]).bytes();
        assertThatThrownBy(() -> SshPublicKey.fromBlob(unknown))
                .hasMessageStartingWith("unsupported SSH key type \"ssh-foo\"");
        assertThatThrownBy(() -> SshPublicKey.parse("no-type-here AAAA"))
                .hasMessage("SSH public key: expected a key type first, found \"no-type-here\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ssh-ed25519", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI*==",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA", "ssh-ed25519 AAAAC3Nz\nYC1lZDI1NTE5AAAAIA=="})
    void malformedLinesAreRefused(String line) {
        assertThatThrownBy(() -> SshPublicKey.parse(line)).isInstanceOf(SshFormatException.class)
                .hasMessageStartingWith("SSH public key");
    }

    @Test
    void nonCanonicalBase64IsRefused() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        byte[] blob = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("ed25519", 0, "b64"))).blob();
        // One byte more makes the base64 end in "AA==": the second A carries 4 unused bits, "AB==" sets one of them.
        String padded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(blob, blob.length + 1));
        assertThat(padded).endsWith("AA==");
        String unusedBitsSet = padded.substring(0, padded.length() - 3) + "B==";
        String unpadded = padded.substring(0, padded.length() - 2);

        assertThat(Base64.getDecoder().decode(unusedBitsSet)).as("the JDK alone would accept it").hasSize(blob.length + 1);
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + unusedBitsSet))
                .hasMessage("SSH public key is not valid base64");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + unpadded))
                .hasMessage("SSH public key is not valid base64");
        assertThatThrownBy(() -> SshPublicKey.parse("ssh-ed25519 " + padded))
                .hasMessage("SSH public key: has 1 unexpected trailing bytes");
    }

    @Test
    void truncatedAndOverlongBlobsAreRefused() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("ecdsa", 256, "trunc")));
        byte[] blob = key.blob();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(java.util.Arrays.copyOf(blob, blob.length - 1)))
                .hasMessage("SSH public key: EC point claims 65 bytes but only 64 remain");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(java.util.Arrays.copyOf(blob, blob.length + 1)))
                .hasMessage("SSH public key: has 1 unexpected trailing bytes");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(new byte[] {0, 0}))
                .hasMessage("SSH public key: key type length is truncated (needs 4 bytes, 2 remain)");
    }

    @Test
    void hugeLengthFieldIsRefusedBeforeAllocating() {
        byte[] blob = Wire.of().string("ssh-ed25519").uint32(0xFFFFFFF0L).raw(new byte[8]).bytes();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(blob))
                .hasMessage("SSH public key: Ed25519 key claims 4294967280 bytes but only 8 remain");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(new byte[SshPublicKey.MAX_BLOB_BYTES + 1]))
                .hasMessageStartingWith("SSH public key is too large");
    }

    @Test
    void ecdsaCurveNameMustMatchTheKeyType() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("ecdsa", 256, "curve")));
        List<byte[]> fields = Wire.strings(key.blob());
        byte[] wrongCurve = Wire.of().string(fields.get(0)).string("nistp384").string(fields.get(2)).bytes();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(wrongCurve))
                .hasMessage("SSH public key: curve \"nistp384\" does not match key type ecdsa-sha2-nistp256");
    }

    @Test
    void ecdsaPointOffTheCurveOrCompressedIsRefused() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("ecdsa", 384, "offcurve")));
        List<byte[]> fields = Wire.strings(key.blob());
        byte[] point = fields.get(2).clone();
        point[point.length - 1] ^= 1;
        byte[] offCurve = Wire.of().string(fields.get(0)).string(fields.get(1)).string(point).bytes();
        byte[] compressed = java.util.Arrays.copyOf(fields.get(2), 49);
        compressed[0] = 0x02;
        byte[] compressedBlob = Wire.of().string(fields.get(0)).string(fields.get(1)).string(compressed).bytes();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(offCurve))
                .hasMessage("SSH public key: the nistp384 point is not on the curve");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(compressedBlob))
                .hasMessage("SSH public key: the nistp384 point is not in uncompressed form (0x04 || X || Y)");
    }

    @Test
    void ed25519KeyThatIsNoPointIsRefused() {
        BigInteger p = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(p)).mod(p);
        int good = -1;
        int bad = -1;
        for (int y = 2; good < 0 || bad < 0; y++) {
            BigInteger yy = BigInteger.valueOf(y).pow(2);
            BigInteger x2 = yy.subtract(BigInteger.ONE).multiply(d.multiply(yy).add(BigInteger.ONE).modInverse(p)).mod(p);
            boolean square = x2.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
            if (square && good < 0) {
                good = y;
            } else if (!square && bad < 0) {
                bad = y;
            }
        }
        assertThat(SshPublicKey.fromBlob(ed25519Blob(littleEndian(BigInteger.valueOf(good)))).type()).isEqualTo("ssh-ed25519");
        byte[] notAPoint = ed25519Blob(littleEndian(BigInteger.valueOf(bad)));
        assertThatThrownBy(() -> SshPublicKey.fromBlob(notAPoint))
                .hasMessage("SSH public key: the Ed25519 key is not a point on the curve");
        byte[] notCanonical = ed25519Blob(littleEndian(p.add(BigInteger.ONE)));
        assertThatThrownBy(() -> SshPublicKey.fromBlob(notCanonical))
                .hasMessage("SSH public key: the Ed25519 key is not a canonical encoding (y >= p)");
        byte[] shortKey = Wire.of().string("ssh-ed25519").string(new byte[31]).bytes();
        assertThatThrownBy(() -> SshPublicKey.fromBlob(shortKey))
                .hasMessage("SSH public key: an Ed25519 key must be 32 bytes, not 31");
    }

    @Test
    void rsaKeysMustBeCanonicalAndLargeEnough() {
        SshKeygen keygen = SshKeygen.inTemp(dir);
        SshPublicKey key = SshPublicKey.parse(keygen.publicKeyLine(keygen.newKey("rsa", 2048, "rsa-checks")));
        List<byte[]> fields = Wire.strings(key.blob());
        byte[] paddedExponent = Wire.of().string(fields.get(0)).string(prepend((byte) 0, fields.get(1)))
                .string(fields.get(2)).bytes();
        BigInteger small = BigInteger.ONE.shiftLeft(1023).add(BigInteger.ONE);
        byte[] tooSmall = Wire.of().string("ssh-rsa").mpint(BigInteger.valueOf(65537)).mpint(small.shiftRight(1)).bytes();
        byte[] evenExponent = Wire.of().string("ssh-rsa").mpint(BigInteger.valueOf(65536)).string(fields.get(2)).bytes();
        byte[] negative = Wire.of().string("ssh-rsa").string(fields.get(1)).string(new byte[] {(byte) 0x80, 1}).bytes();

        assertThatThrownBy(() -> SshPublicKey.fromBlob(paddedExponent))
                .hasMessage("SSH public key: RSA exponent e has an unnecessary leading zero byte");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(tooSmall))
                .hasMessage("SSH public key: RSA modulus of 1023 bits is outside the accepted 1024 to 16384 bits");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(evenExponent))
                .hasMessage("SSH public key: RSA key is not valid (n and e must be odd, 3 <= e < n)");
        assertThatThrownBy(() -> SshPublicKey.fromBlob(negative))
                .hasMessage("SSH public key: RSA modulus n is negative");
    }

    private static byte[] ed25519Blob(byte[] point) {
        return Wire.of().string("ssh-ed25519").string(point).bytes();
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] out = new byte[32];
        byte[] big = value.toByteArray();
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }

    private static byte[] prepend(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
