package dev.backstop.github;

import dev.backstop.core.approval.ApprovalFile;
import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import java.util.List;
import java.util.Objects;

/**
 * Signed approval files ({@code backstop approve}) given to a GitHub command: they count together with reviews and
 * comments, each person once.
 */
public record SignedApprovals(List<ApprovalFile.Loaded> files, AllowedSigners signers, RevokedKeys revoked) {
    public SignedApprovals {
        files = List.copyOf(files);
        Objects.requireNonNull(signers, "signers");
        Objects.requireNonNull(revoked, "revoked");
    }

    /** No signed approvals: only GitHub's count. */
    public static SignedApprovals none() {
        return new SignedApprovals(List.of(), AllowedSigners.parse("", "(no allowed signers)"), RevokedKeys.none());
    }
}
