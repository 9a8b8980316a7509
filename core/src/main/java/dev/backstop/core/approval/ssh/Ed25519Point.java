package dev.backstop.core.approval.ssh;

import java.math.BigInteger;
import java.security.spec.EdECPoint;

/**
 * Decodes a 32-byte Ed25519 public key (RFC 8032 section 5.1.3) and checks that it names a point on the curve,
 * so a key that cannot exist is refused when it is read rather than at some later verification.
 */
final class Ed25519Point {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665 / 121666 mod p. */
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger HALF = P.subtract(BigInteger.ONE).shiftRight(1);

    private Ed25519Point() {
    }

    /**
     * The point encoded as y in little-endian with the low bit of x in the top bit of the last byte. Refuses
     * y &ge; p, and a y for which no x exists (x&sup2; = (y&sup2; - 1) / (d y&sup2; + 1) is not a square mod p),
     * and "x = 0 with the odd bit set".
     */
    static EdECPoint decode(byte[] encoded, WireReader reader) {
        if (encoded.length != 32) {
            throw reader.error("an Ed25519 key must be 32 bytes, not " + encoded.length);
        }
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = encoded[31 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7F;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0) {
            throw reader.error("the Ed25519 key is not a canonical encoding (y >= p)");
        }
        BigInteger ySquared = y.multiply(y).mod(P);
        BigInteger u = ySquared.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(ySquared).add(BigInteger.ONE).mod(P);
        BigInteger xSquared = u.multiply(v.modInverse(P)).mod(P);
        if (xSquared.signum() == 0) {
            if (xOdd) {
                throw reader.error("the Ed25519 key is not a valid point (x = 0 with the sign bit set)");
            }
        } else if (!xSquared.modPow(HALF, P).equals(BigInteger.ONE)) {
            throw reader.error("the Ed25519 key is not a point on the curve");
        }
        return new EdECPoint(xOdd, y);
    }
}
