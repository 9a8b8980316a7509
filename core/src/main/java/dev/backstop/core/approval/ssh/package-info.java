/**
 * SSH signatures for approvals, verified with the JDK alone: the same keys, signatures and allowed-signers files
 * that teams already use for git commit signing ({@code gpg.format=ssh}) and {@code ssh-keygen -Y}.
 *
 * <p>A complete check of an approval is all of these; each alone proves little:
 * <ol>
 *   <li>{@link dev.backstop.core.approval.ssh.SshSignature#parse} the armored signature (strict; throws
 *       {@link dev.backstop.core.approval.ssh.SshFormatException} on anything malformed);</li>
 *   <li>{@link dev.backstop.core.approval.ssh.SshSignature#verifies(byte[], String)} over the exact bytes that were
 *       approved, in Backstop's namespace ({@code backstop});</li>
 *   <li>{@link dev.backstop.core.approval.ssh.RevokedKeys#isRevoked} is false for
 *       {@link dev.backstop.core.approval.ssh.SshSignature#publicKey()};</li>
 *   <li>{@link dev.backstop.core.approval.ssh.AllowedSigners#check} allows that key to sign as the claimed
 *       principal, in that namespace, at the time of the check.</li>
 * </ol>
 *
 * <p>Supported: {@code ssh-ed25519}, {@code ssh-rsa} keys with {@code rsa-sha2-256}/{@code rsa-sha2-512} signatures,
 * {@code ecdsa-sha2-nistp256/384/521}. Refused with a message: SHA-1 {@code ssh-rsa} signatures, security keys
 * ({@code sk-*}), certificates, DSA, binary KRLs.
 */
package dev.backstop.core.approval.ssh;
