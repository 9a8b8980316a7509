package dev.backstop.core.approval;

import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import java.util.List;
import java.util.Objects;

/**
 * Signed approval files ({@code backstop approve}) as given to a command, with the allowed signers and revoked keys
 * they are judged by; they count together with approvals from other channels (reviews, comments), each person once.
 */
public record SignedApprovals(List<ApprovalFile.Loaded> files, AllowedSigners signers, RevokedKeys revoked) {
    public SignedApprovals {
        files = List.copyOf(files);
        Objects.requireNonNull(signers, "signers");
        Objects.requireNonNull(revoked, "revoked");
    }

    /** No signed approvals, and no signer allowed: only other channels count. */
    public static SignedApprovals none() {
        return new SignedApprovals(List.of(), AllowedSigners.parse("", "(no allowed signers)"), RevokedKeys.none());
    }
}
