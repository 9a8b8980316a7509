package dev.backstop.core.approval.ssh;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * An SSH public key, held as its wire encoding (the "blob" that {@code .pub} files, {@code authorized_keys} and
 * allowed-signers files carry in base64). Two keys are equal when their blobs are equal; since every field is
 * read in its one canonical encoding, equal keys always have equal blobs.
 *
 * <p>Supported types, each checked fully when read:
 * <ul>
 *   <li>{@code ssh-ed25519} (RFC 8709): 32 bytes that must decode to a point on the curve;</li>
 *   <li>{@code ssh-rsa} (RFC 4253): mpint e, mpint n; n of 1024 to 16384 bits (OpenSSH's own limits), e odd and at
 *       least 3;</li>
 *   <li>{@code ecdsa-sha2-nistp256}, {@code -nistp384}, {@code -nistp521} (RFC 5656): the curve name inside must
 *       match the type, the point must be uncompressed and on the curve.</li>
 * </ul>
 * Refused with a message saying so: security-key types ({@code sk-*}, FIDO), certificates
 * ({@code *-cert-v01@openssh.com}), DSA ({@code ssh-dss}, deprecated by OpenSSH) and anything else.
 */
public final class SshPublicKey {
    /** Larger than any supported key (a 16384-bit RSA key is about 2 KiB). */
    static final int MAX_BLOB_BYTES = 16 * 1024;

    static final String ED25519 = "ssh-ed25519";
    static final String RSA = "ssh-rsa";
    static final String SK_ED25519 = "sk-ssh-ed25519@openssh.com";
    static final String SK_ECDSA = "sk-ecdsa-sha2-nistp256@openssh.com";
    private static final String CERT_SUFFIX = "-cert-v01@openssh.com";
    private static final Set<String> SUPPORTED = Set.of(ED25519, RSA, "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521");
    private static final int MIN_RSA_BITS = 1024;
    private static final int MAX_RSA_BITS = 16384;

    private final String type;
    private final byte[] blob;
    private final PublicKey javaKey;
    private final EcCurve curve;
    private final int rsaModulusBytes;

    private SshPublicKey(String type, byte[] blob, PublicKey javaKey, EcCurve curve, int rsaModulusBytes) {
        this.type = type;
        this.blob = blob;
        this.javaKey = javaKey;
        this.curve = curve;
        this.rsaModulusBytes = rsaModulusBytes;
    }

    /**
     * A key written as one line the way {@code .pub} files and {@code authorized_keys} write it:
     * {@code <key type> <base64 blob> [comment]}. The line must start with the key type (no options) and that type
     * must be the one inside the blob. The comment is ignored.
     */
    public static SshPublicKey parse(String line) {
        if (line == null) {
            throw new SshFormatException("SSH public key is missing");
        }
        String text = line.strip();
        if (text.isEmpty()) {
            throw new SshFormatException("SSH public key is empty");
        }
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new SshFormatException("SSH public key must be one line");
        }
        String[] fields = text.split("[ \t]+", 3);
        if (fields.length < 2) {
            throw new SshFormatException("SSH public key: expected '<key type> <base64 key> [comment]'");
        }
        return fromTypeAndBase64(fields[0], fields[1]);
    }

    /** A key from its wire encoding. Every field is checked; trailing bytes are refused. */
    public static SshPublicKey fromBlob(byte[] blob) {
        if (blob == null) {
            throw new SshFormatException("SSH public key is missing");
        }
        if (blob.length > MAX_BLOB_BYTES) {
            throw new SshFormatException("SSH public key is too large (" + blob.length + " bytes)");
        }
        byte[] copy = blob.clone();
        WireReader reader = new WireReader(copy, "SSH public key");
        String type = reader.name("key type");
        if (type.equals(ED25519)) {
            byte[] point = reader.string("Ed25519 key");
            reader.end();
            PublicKey key = generate("Ed25519",
                    new EdECPublicKeySpec(NamedParameterSpec.ED25519, Ed25519Point.decode(point, reader)), reader);
            return new SshPublicKey(type, copy, key, null, 0);
        }
        if (type.equals(RSA)) {
            BigInteger e = reader.mpint("RSA exponent e");
            BigInteger n = reader.mpint("RSA modulus n");
            reader.end();
            if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
                throw reader.error("RSA modulus of " + n.bitLength() + " bits is outside the accepted "
                        + MIN_RSA_BITS + " to " + MAX_RSA_BITS + " bits");
            }
            if (!n.testBit(0) || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.compareTo(n) >= 0) {
                throw reader.error("RSA key is not valid (n and e must be odd, 3 <= e < n)");
            }
            PublicKey key = generate("RSA", new RSAPublicKeySpec(n, e), reader);
            return new SshPublicKey(type, copy, key, null, (n.bitLength() + 7) / 8);
        }
        EcCurve curve = EcCurve.ofKeyType(type);
        if (curve != null) {
            String curveName = reader.name("curve name");
            if (!curveName.equals(curve.sshName())) {
                throw reader.error("curve " + Text.quote(curveName) + " does not match key type " + type);
            }
            byte[] point = reader.string("EC point");
            reader.end();
            PublicKey key = generate("EC", new ECPublicKeySpec(curve.decodePoint(point, reader), curve.params()), reader);
            return new SshPublicKey(type, copy, key, curve, 0);
        }
        throw new SshFormatException(unsupported(type));
    }

    /** The key type name, e.g. {@code ssh-ed25519}, {@code ssh-rsa}, {@code ecdsa-sha2-nistp256}. */
    public String type() {
        return type;
    }

    /** The wire encoding (a copy). */
    public byte[] blob() {
        return blob.clone();
    }

    /** {@code SHA256:} and the unpadded base64 of the blob's SHA-256, exactly as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        return fingerprintOf(blob);
    }

    /** The JDK key: an EdDSA (Ed25519), RSA or EC public key. */
    public PublicKey toJavaKey() {
        return javaKey;
    }

    /** The key as a {@code .pub} line without comment: {@code <type> <base64 blob>}. */
    public String toLine() {
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SshPublicKey && Arrays.equals(blob, ((SshPublicKey) other).blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    /** Type and fingerprint, e.g. {@code ssh-ed25519 SHA256:...}. */
    @Override
    public String toString() {
        return type + " " + fingerprint();
    }

    /** The curve of an ECDSA key, else null. */
    EcCurve curve() {
        return curve;
    }

    /** Bytes of an RSA key's modulus, else 0. */
    int rsaModulusBytes() {
        return rsaModulusBytes;
    }

    byte[] blobView() {
        return blob;
    }

    static String fingerprintOf(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Whether {@code word} is exactly the name of a key type OpenSSH knows (supported here or not). */
    static boolean isKeyTypeName(String word) {
        return SUPPORTED.contains(word) || word.equals(SK_ED25519) || word.equals(SK_ECDSA) || word.equals("ssh-dss")
                || (word.endsWith(CERT_SUFFIX) && looksLikeKeyType(word));
    }

    /**
     * Whether a word in a key list (allowed signers, revoked keys) names a key type, supported or not: the
     * supported types, security keys, certificates, DSA, and other words shaped like an SSH key type.
     */
    static boolean looksLikeKeyType(String word) {
        if (word.indexOf('=') >= 0 || word.indexOf('"') >= 0 || word.indexOf(',') >= 0) {
            return false;
        }
        return SUPPORTED.contains(word) || word.startsWith("ssh-") || word.startsWith("ecdsa-")
                || word.startsWith("sk-") || word.endsWith(CERT_SUFFIX);
    }

    /**
     * A key listed in a file of keys by type and base64 blob. Security keys ({@code sk-*}) are accepted here as
     * checked blobs without a JDK key ({@link Listed#key()} is null): they can be listed, but since their
     * signatures are refused, they can never match. Everything else unsupported is refused.
     */
    static Listed listed(String typeWord, String base64) {
        if (typeWord.equals(SK_ED25519) || typeWord.equals(SK_ECDSA)) {
            byte[] blob = decodeBase64(base64);
            checkSecurityKey(typeWord, blob);
            return new Listed(typeWord, blob, null);
        }
        SshPublicKey key = fromTypeAndBase64(typeWord, base64);
        return new Listed(key.type(), key.blob, key);
    }

    /** A key from a key list: its type, blob, and the parsed key (null for a security key). */
    record Listed(String type, byte[] blob, SshPublicKey key) {
        String fingerprint() {
            return fingerprintOf(blob);
        }
    }

    private static SshPublicKey fromTypeAndBase64(String typeWord, String base64) {
        if (!SUPPORTED.contains(typeWord)) {
            if (!looksLikeKeyType(typeWord)) {
                throw new SshFormatException("SSH public key: expected a key type first, found " + Text.quote(typeWord));
            }
            throw new SshFormatException(unsupported(typeWord));
        }
        SshPublicKey key = fromBlob(decodeBase64(base64));
        if (!key.type.equals(typeWord)) {
            throw new SshFormatException("SSH public key: the line says " + typeWord + " but the key inside is "
                    + key.type);
        }
        return key;
    }

    /**
     * Strict base64 (RFC 4648 with padding): only the alphabet, length a multiple of 4, padding only at the end and
     * unused bits zero, so each blob has exactly one text form.
     */
    static byte[] decodeBase64(String text) {
        if (text.length() > MAX_BLOB_BYTES / 3 * 4 + 4) {
            throw new SshFormatException("SSH public key is too large (" + text.length() + " base64 characters)");
        }
        byte[] decoded = decodeCanonicalBase64(text);
        if (decoded == null) {
            throw new SshFormatException("SSH public key is not valid base64");
        }
        return decoded;
    }

    /** Strict base64 as above, or null when {@code text} is not in that one form. */
    static byte[] decodeCanonicalBase64(String text) {
        if (text.isEmpty() || text.length() % 4 != 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=';
            if (!alphabet) {
                return null;
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(decoded).equals(text) ? decoded : null;
    }

    private static void checkSecurityKey(String typeWord, byte[] blob) {
        if (blob.length > MAX_BLOB_BYTES) {
            throw new SshFormatException("SSH public key is too large (" + blob.length + " bytes)");
        }
        WireReader reader = new WireReader(blob, "SSH security-key public key");
        String type = reader.name("key type");
        if (!type.equals(typeWord)) {
            throw new SshFormatException("SSH public key: the line says " + typeWord + " but the key inside is "
                    + Text.clean(type));
        }
        if (type.equals(SK_ED25519)) {
            Ed25519Point.decode(reader.string("Ed25519 key"), reader);
        } else {
            EcCurve curve = EcCurve.NISTP256;
            String curveName = reader.name("curve name");
            if (!curveName.equals(curve.sshName())) {
                throw reader.error("curve " + Text.quote(curveName) + " does not match key type " + type);
            }
            curve.decodePoint(reader.string("EC point"), reader);
        }
        byte[] application = reader.string("application");
        if (application.length == 0) {
            throw reader.error("application is empty");
        }
        reader.end();
    }

    static String unsupported(String type) {
        if (type.startsWith("sk-")) {
            return "security-key signatures are not supported yet (key type " + Text.clean(type) + ")";
        }
        if (type.endsWith(CERT_SUFFIX)) {
            return "SSH certificates are not supported (key type " + Text.clean(type) + "): list the plain key";
        }
        if (type.equals("ssh-dss")) {
            return "DSA keys (ssh-dss) are not supported: OpenSSH has deprecated them; use ssh-ed25519";
        }
        return "unsupported SSH key type " + Text.quote(type)
                + " (supported: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521)";
    }

    private static PublicKey generate(String algorithm, java.security.spec.KeySpec spec, WireReader reader) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no " + algorithm + " key factory", e);
        } catch (GeneralSecurityException e) {
            throw reader.error("the JDK refused the " + algorithm + " key");
        }
    }
}
