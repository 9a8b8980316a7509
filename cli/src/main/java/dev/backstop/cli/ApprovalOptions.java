package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ApprovalFile;
import dev.backstop.core.approval.ApprovalVerifier;
import dev.backstop.core.approval.ChannelApproval;
import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.approval.SignedApprovals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where signed approvals and the keys allowed to sign them come from; shared by {@code check} and {@code apply}. */
final class ApprovalOptions {
    @Option(names = "--approvals", paramLabel = "DIR|FILE",
            description = "Signed approval files (from `backstop approve`): a file, or a directory of *.json."
                    + " May be repeated.")
    List<Path> approvals = new ArrayList<>();

    @Option(names = "--allowed-signers", paramLabel = "FILE",
            description = "Who may sign approvals: an allowed signers file in git's / ssh-keygen's format.")
    Path allowedSigners;

    @Option(names = "--revoked-keys", paramLabel = "FILE",
            description = "Public keys that no longer count, one per line.")
    Path revokedKeys;

    @Option(names = "--author", paramLabel = "ID",
            description = "The plan's author: never counted as an approver unless the policy allows it.")
    String author;

    boolean given() {
        return !approvals.isEmpty();
    }

    /** A problem with the combination of options, or null. */
    String usageProblem() {
        if (given() && allowedSigners == null) {
            return "--approvals needs --allowed-signers FILE: the list of who may sign approvals";
        }
        if (!given() && (allowedSigners != null || revokedKeys != null)) {
            return "--allowed-signers and --revoked-keys only make sense with --approvals DIR|FILE";
        }
        return null;
    }

    CheckReport review(CheckReport report, Policy policy, Path workingDirectory, Clock clock) {
        return review(report, policy, workingDirectory, clock, List.of());
    }

    /** Reviews the signed approvals (if any) together with approvals from other channels, under one policy. */
    CheckReport review(CheckReport report, Policy policy, Path workingDirectory, Clock clock,
            List<ChannelApproval> channelApprovals) {
        SignedApprovals signed = signed(workingDirectory);
        return report.withApprovals(new ApprovalVerifier(policy, signed.signers(), signed.revoked(), author, clock)
                .review(report, signed.files(), channelApprovals));
    }

    /**
     * The signed approval files with their allowed signers and revoked keys, as given (none given: none, with no
     * signer allowed); {@link #usageProblem} has already refused signers or revoked keys without approvals.
     */
    SignedApprovals signed(Path workingDirectory) {
        SignedApprovals none = SignedApprovals.none();
        List<ApprovalFile.Loaded> loaded = new ArrayList<>();
        for (Path path : approvals) {
            loaded.addAll(ApprovalFile.load(workingDirectory.resolve(path)));
        }
        AllowedSigners signers = none.signers();
        if (allowedSigners != null) {
            Path signersFile = workingDirectory.resolve(allowedSigners);
            signers = AllowedSigners.parse(read(signersFile, "allowed signers"), signersFile.toString());
        }
        RevokedKeys revoked = none.revoked();
        if (revokedKeys != null) {
            Path revokedFile = workingDirectory.resolve(revokedKeys);
            revoked = RevokedKeys.parse(read(revokedFile, "revoked keys"), revokedFile.toString());
        }
        return new SignedApprovals(loaded, signers, revoked);
    }

    private static String read(Path file, String what) {
        try {
            if (Files.size(file) > 4 * 1024 * 1024) {
                throw new BackstopException(what + " file " + file + " is over 4 MB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackstopException(what + " file " + file + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BackstopException(what + " file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new BackstopException("cannot read " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
