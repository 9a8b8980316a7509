package dev.backstop.core.approval.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An armored SSH signature as {@code ssh-keygen -Y sign} writes it (OpenSSH {@code PROTOCOL.sshsig}), which is
 * also what git writes for {@code gpg.format=ssh}.
 *
 * <h2>What is accepted</h2>
 * <ul>
 *   <li><b>Armor.</b> A {@code -----BEGIN SSH SIGNATURE-----} line, base64 lines, an {@code -----END SSH SIGNATURE-----}
 *       line. Lines may end in {@code \r\n}; blank lines may come before and after the armor, nothing else. The
 *       base64 may be wrapped at any width (ssh-keygen wraps at 70 columns; a signature re-wrapped by a mail or
 *       chat client decodes to the same bytes, and ssh-keygen accepts it too) but must be canonical: only the
 *       alphabet, padding only at the end, unused bits zero. Refused: a missing or second BEGIN or END line, a
 *       blank line inside the armor, any other text outside it (ssh-keygen ignores text after END; Backstop does
 *       not, so what was reviewed is all there is), and input over 64 KiB.</li>
 *   <li><b>Blob.</b> Magic {@code SSHSIG}, version 1, the public key (see {@link SshPublicKey}), a non-empty UTF-8
 *       namespace, an empty reserved field, hash algorithm {@code sha256} or {@code sha512}, the signature; nothing
 *       after it. The reserved field must be empty: no version of the format puts anything there, and OpenSSH
 *       leaves it out of what it verifies, so a non-empty one would carry unsigned data.</li>
 *   <li><b>Signature.</b> Its algorithm must belong to the key: {@code ssh-ed25519} (64 bytes) for Ed25519 keys;
 *       {@code rsa-sha2-256} or {@code rsa-sha2-512} for RSA keys (at most the modulus' length); the key's own type
 *       for ECDSA keys, whose signature is {@code string(mpint r, mpint s)} with {@code 0 < r, s < order}.
 *       {@code ssh-rsa} (SHA-1) parses, so {@link #signatureAlgorithm()} can name it, but {@link #verifies} refuses
 *       it.</li>
 * </ul>
 *
 * <p>What is signed (PROTOCOL.sshsig): {@code "SSHSIG" || string(namespace) || string("") || string(hash algorithm)
 * || string(H(message))}. {@link #verifies(byte[])} checks the signature under the namespace the signature names;
 * callers must check {@link #namespace()} (or use {@link #verifies(byte[], String)}) and must check the key against
 * an {@link AllowedSigners} file: a valid signature only says that the embedded key signed.
 */
public final class SshSignature {
    /** Far above any real signature (a 16384-bit RSA signature with its key is under 6 KiB armored). */
    static final int MAX_ARMORED_CHARS = 64 * 1024;
    static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    static final String END = "-----END SSH SIGNATURE-----";
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA1_RSA = "ssh-rsa";

    private final SshPublicKey publicKey;
    private final String namespace;
    private final String hashAlgorithm;
    private final String signatureAlgorithm;
    /** In the form the JDK verifies: Ed25519 64 bytes, RSA the modulus' length, ECDSA r||s (IEEE P1363). */
    private final byte[] signature;

    private SshSignature(SshPublicKey publicKey, String namespace, String hashAlgorithm, String signatureAlgorithm,
            byte[] signature) {
        this.publicKey = publicKey;
        this.namespace = namespace;
        this.hashAlgorithm = hashAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signature = signature;
    }

    /** Parses an armored signature strictly (see the class description); any deviation is an exception. */
    public static SshSignature parse(String armored) {
        if (armored == null) {
            throw new SshFormatException("SSH signature is missing");
        }
        if (armored.length() > MAX_ARMORED_CHARS) {
            throw new SshFormatException("SSH signature is too large (" + armored.length() + " characters; at most "
                    + MAX_ARMORED_CHARS + ")");
        }
        return fromBlob(dearmor(armored));
    }

    /** The key the signature says signed it. Whether that key may sign is for {@link AllowedSigners} to say. */
    public SshPublicKey publicKey() {
        return publicKey;
    }

    /** The namespace the signer signed in (e.g. {@code git}, {@code file}, {@code backstop}). */
    public String namespace() {
        return namespace;
    }

    /** {@code sha256} or {@code sha512}: how the message was hashed before signing. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** E.g. {@code ssh-ed25519}, {@code rsa-sha2-512}, {@code ecdsa-sha2-nistp384}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * True when this is a valid signature over {@code message} by {@link #publicKey()} in {@link #namespace()}.
     * False when it is not (a changed message, a changed signature). Throws {@link SshFormatException} for
     * {@code ssh-rsa} signatures: SHA-1 is refused whether or not the signature is valid.
     */
    public boolean verifies(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (signatureAlgorithm.equals(SHA1_RSA)) {
            throw new SshFormatException("SSH signature uses ssh-rsa (RSA with SHA-1), which is refused: SHA-1 is "
                    + "broken for signatures; sign with rsa-sha2-512 (current ssh-keygen does) or another key type");
        }
        byte[] signed = new WireWriter().raw(MAGIC).string(namespace).string(new byte[0]).string(hashAlgorithm)
                .string(digest(hashAlgorithm.equals("sha256") ? "SHA-256" : "SHA-512", message)).toByteArray();
        try {
            Signature verifier = Signature.getInstance(jdkAlgorithm());
            verifier.initVerify(publicKey.toJavaKey());
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + jdkAlgorithm(), e);
        } catch (InvalidKeyException e) {
            throw new SshFormatException("SSH signature: the JDK refused the " + publicKey.type() + " key");
        } catch (SignatureException e) {
            // The signature bytes are not a signature under this key: that is "does not verify", never "valid".
            return false;
        }
    }

    /** {@link #verifies(byte[])}, and false when the signature was made in another namespace than {@code expected}. */
    public boolean verifies(byte[] message, String expectedNamespace) {
        Objects.requireNonNull(expectedNamespace, "expectedNamespace");
        return namespace.equals(expectedNamespace) && verifies(message);
    }

    @Override
    public String toString() {
        return "SSH signature by " + publicKey + " in namespace " + Text.quote(namespace) + " (" + signatureAlgorithm
                + ", " + hashAlgorithm + ")";
    }

    private String jdkAlgorithm() {
        switch (signatureAlgorithm) {
            case SshPublicKey.ED25519:
                return "Ed25519";
            case "rsa-sha2-256":
                return "SHA256withRSA";
            case "rsa-sha2-512":
                return "SHA512withRSA";
            default:
                return publicKey.curve().signatureAlgorithm();
        }
    }

    private static byte[] dearmor(String armored) {
        String[] lines = armored.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
        int at = 0;
        while (at < lines.length && lines[at].isBlank()) {
            at++;
        }
        if (at == lines.length) {
            throw new SshFormatException("SSH signature is empty");
        }
        if (!lines[at].equals(BEGIN)) {
            throw new SshFormatException("SSH signature must start with the line " + BEGIN);
        }
        StringBuilder base64 = new StringBuilder();
        for (at++; ; at++) {
            if (at == lines.length) {
                throw new SshFormatException("SSH signature is truncated: no " + END + " line");
            }
            String line = lines[at];
            if (line.equals(END)) {
                break;
            }
            if (line.equals(BEGIN)) {
                throw new SshFormatException("SSH signature has a second " + BEGIN + " line");
            }
            if (line.isBlank()) {
                boolean restBlank = Arrays.stream(lines, at, lines.length).allMatch(String::isBlank);
                throw new SshFormatException(restBlank ? "SSH signature is truncated: no " + END + " line"
                        : "SSH signature has a blank line inside the armor");
            }
            if (!line.chars().allMatch(SshSignature::isBase64Char)) {
                throw new SshFormatException("SSH signature has a line inside the armor that is not base64");
            }
            base64.append(line);
        }
        for (at++; at < lines.length; at++) {
            if (!lines[at].isBlank()) {
                throw new SshFormatException(lines[at].equals(BEGIN) || lines[at].equals(END)
                        ? "SSH signature: only one signature is allowed, found another armor line after " + END
                        : "SSH signature has text after the " + END + " line");
            }
        }
        byte[] blob = SshPublicKey.decodeCanonicalBase64(base64.toString());
        if (blob == null) {
            throw new SshFormatException("SSH signature is not valid base64 (truncated or altered?)");
        }
        return blob;
    }

    private static boolean isBase64Char(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=';
    }

    private static SshSignature fromBlob(byte[] blob) {
        WireReader reader = new WireReader(blob, "SSH signature");
        if (reader.remaining() < MAGIC.length || !Arrays.equals(reader.bytes(MAGIC.length, "magic"), MAGIC)) {
            throw reader.error("not an SSHSIG signature (no SSHSIG magic)");
        }
        long version = reader.uint32("version");
        if (version != 1) {
            throw reader.error("unsupported SSHSIG version " + version + " (only version 1 exists)");
        }
        byte[] keyBlob = reader.string("public key");
        SshPublicKey key;
        try {
            key = SshPublicKey.fromBlob(keyBlob);
        } catch (SshFormatException e) {
            throw new SshFormatException("SSH signature: " + e.getMessage());
        }
        String namespace = reader.text("namespace");
        if (namespace.isEmpty()) {
            throw reader.error("namespace is empty");
        }
        if (reader.string("reserved field").length != 0) {
            throw reader.error("reserved field is not empty (no SSHSIG version defines it)");
        }
        String hash = reader.name("hash algorithm");
        if (!hash.equals("sha256") && !hash.equals("sha512")) {
            throw reader.error("hash algorithm " + Text.quote(hash) + " is not supported (sha256 or sha512)");
        }
        byte[] wrapped = reader.string("signature");
        reader.end();

        WireReader inner = new WireReader(wrapped, "SSH signature");
        String algorithm = inner.name("signature algorithm");
        byte[] raw = inner.string("signature value");
        inner.end();
        return new SshSignature(key, namespace, hash, algorithm, signatureBytes(key, algorithm, raw, inner));
    }

    /** Checks that the algorithm belongs to the key and brings the value into the form the JDK verifies. */
    private static byte[] signatureBytes(SshPublicKey key, String algorithm, byte[] raw, WireReader reader) {
        String keyType = key.type();
        if (keyType.equals(SshPublicKey.ED25519)) {
            requireAlgorithm(algorithm.equals(SshPublicKey.ED25519), algorithm, keyType, reader);
            if (raw.length != 64) {
                throw reader.error("an Ed25519 signature must be 64 bytes, not " + raw.length);
            }
            return raw;
        }
        if (keyType.equals(SshPublicKey.RSA)) {
            requireAlgorithm(algorithm.equals("rsa-sha2-256") || algorithm.equals("rsa-sha2-512")
                    || algorithm.equals(SHA1_RSA), algorithm, keyType, reader);
            int modulus = key.rsaModulusBytes();
            if (raw.length == 0 || raw.length > modulus) {
                throw reader.error("an RSA signature for this key must be 1 to " + modulus + " bytes, not " + raw.length);
            }
            byte[] padded = new byte[modulus];
            System.arraycopy(raw, 0, padded, modulus - raw.length, raw.length);
            return padded;
        }
        EcCurve curve = key.curve();
        requireAlgorithm(algorithm.equals(keyType), algorithm, keyType, reader);
        WireReader ecdsa = new WireReader(raw, "SSH signature");
        BigInteger r = ecdsa.mpint("ECDSA r");
        BigInteger s = ecdsa.mpint("ECDSA s");
        ecdsa.end();
        BigInteger order = curve.order();
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
            throw reader.error("ECDSA r and s must be between 1 and the curve order");
        }
        int length = curve.scalarLength();
        byte[] p1363 = new byte[2 * length];
        byte[] rBytes = r.toByteArray();
        byte[] sBytes = s.toByteArray();
        int rLength = Math.min(rBytes.length, length);
        int sLength = Math.min(sBytes.length, length);
        System.arraycopy(rBytes, rBytes.length - rLength, p1363, length - rLength, rLength);
        System.arraycopy(sBytes, sBytes.length - sLength, p1363, 2 * length - sLength, sLength);
        return p1363;
    }

    private static void requireAlgorithm(boolean matches, String algorithm, String keyType, WireReader reader) {
        if (!matches) {
            throw reader.error("signature algorithm " + Text.quote(algorithm) + " does not belong to a " + keyType
                    + " key");
        }
    }

    private static byte[] digest(String algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + algorithm, e);
        }
    }
}
