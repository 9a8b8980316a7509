package dev.backstop.core.approval.ssh;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;

/**
 * The three NIST curves SSH uses for ECDSA (RFC 5656): SSH name, JDK name, and the hash each one signs with
 * (RFC 5656 section 6.2.1: SHA-256 for nistp256, SHA-384 for nistp384, SHA-512 for nistp521).
 */
enum EcCurve {
    NISTP256("nistp256", "secp256r1", "SHA256withECDSAinP1363Format"),
    NISTP384("nistp384", "secp384r1", "SHA384withECDSAinP1363Format"),
    NISTP521("nistp521", "secp521r1", "SHA512withECDSAinP1363Format");

    private final String sshName;
    private final String jdkName;
    private final String signatureAlgorithm;
    private volatile ECParameterSpec params;

    EcCurve(String sshName, String jdkName, String signatureAlgorithm) {
        this.sshName = sshName;
        this.jdkName = jdkName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The curve of an SSH key type such as {@code ecdsa-sha2-nistp256}, or null. */
    static EcCurve ofKeyType(String keyType) {
        for (EcCurve curve : values()) {
            if (curve.keyType().equals(keyType)) {
                return curve;
            }
        }
        return null;
    }

    String sshName() {
        return sshName;
    }

    String keyType() {
        return "ecdsa-sha2-" + sshName;
    }

    /** The JDK signature algorithm taking a fixed-length r||s (IEEE P1363) with this curve's hash. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Bytes of one coordinate of a point: the field size rounded up to bytes (66 for nistp521). */
    int coordinateLength() {
        return (fieldPrime().bitLength() + 7) / 8;
    }

    /** Bytes of r or s in the P1363 encoding: the order's size rounded up to bytes. */
    int scalarLength() {
        return (params().getOrder().bitLength() + 7) / 8;
    }

    BigInteger order() {
        return params().getOrder();
    }

    ECParameterSpec params() {
        ECParameterSpec p = params;
        if (p == null) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(jdkName));
                p = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no " + jdkName + " curve", e);
            }
            params = p;
        }
        return p;
    }

    /**
     * Decodes an SSH ECDSA public point (SEC 1 uncompressed: 0x04 || X || Y) and checks that it lies on the
     * curve. These curves have cofactor 1, so a point on the curve (and not at infinity, which this encoding
     * cannot express) is in the prime-order group.
     */
    ECPoint decodePoint(byte[] encoded, WireReader reader) {
        int n = coordinateLength();
        if (encoded.length == 0 || encoded[0] != 0x04) {
            throw reader.error("the " + sshName + " point is not in uncompressed form (0x04 || X || Y)");
        }
        if (encoded.length != 1 + 2 * n) {
            throw reader.error("the " + sshName + " point must be " + (1 + 2 * n) + " bytes, not " + encoded.length);
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + n));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + n, 1 + 2 * n));
        BigInteger p = fieldPrime();
        EllipticCurve curve = params().getCurve();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw reader.error("the " + sshName + " point has a coordinate outside the field");
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        if (!left.equals(right)) {
            throw reader.error("the " + sshName + " point is not on the curve");
        }
        return new ECPoint(x, y);
    }

    private BigInteger fieldPrime() {
        return ((ECFieldFp) params().getCurve().getField()).getP();
    }
}
