package dev.backstop.core.approval;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backstop.core.BackstopException;
import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.FuzzContract;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes what an approver hands in: the signed statement, and a whole approval file through the verifier that
 * decides whether it counts for a real plan (testdata/plans/delete.json). The seed {@code approvalFile/genuine.json}
 * is a real approval of that plan by the key in {@link #SIGNERS} (made with {@code backstop approve} and
 * ssh-keygen; the private key is not kept), so the fuzzer starts from an approval that counts and mutates it. The
 * property: nothing counts unless it carries exactly the statement that was signed.
 */
class ApprovalFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T17:00:00Z"), ZoneOffset.UTC);
    static final String SIGNERS = "ed25519@example.com ssh-ed25519"
            + " AAAAC3NzaC1lZDI1NTE5AAAAIHU27ZqlEk5ezr6Qgi2c/khuEJR8CLtVRBsM45ulQ38/\n";
    private static final byte[] SIGNED = genuine().payload();
    private static final CheckReport REPORT = new PlanCheck(Policy.builtIn(), null, CLOCK).run(
            PlanSource.file(RepoFiles.plan("delete.json")),
            new PlanConverter(List.of("/nonexistent/terraform"), Duration.ofSeconds(1)));
    private static final ApprovalVerifier VERIFIER = new ApprovalVerifier(Policy.builtIn(),
            AllowedSigners.parse(SIGNERS, "allowed_signers"), RevokedKeys.none(), "mallory@example.com", CLOCK);

    /** The seed the fuzzer starts from is an approval that counts, or the property below would prove little. */
    @org.junit.jupiter.api.Test
    void theGenuineSeedCounts() {
        ApprovalReview review = VERIFIER.review(REPORT, List.of(new ApprovalFile.Loaded("genuine.json", genuine(), null)));

        org.assertj.core.api.Assertions.assertThat(review.rejected()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(review.satisfied()).isTrue();
    }

    /** A statement that parses writes back to bytes that parse to the same statement. */
    @FuzzTest
    void statement(byte[] input) {
        FuzzContract.resultOrCleanRefusal(() -> {
            ApprovalStatement statement = ApprovalStatement.parse(input);
            ApprovalStatement again = ApprovalStatement.parse(statement.toBytes());
            if (!again.equals(statement)) {
                throw new AssertionError("a statement reads back differently: " + statement + " / " + again);
            }
        });
    }

    @FuzzTest
    void approvalFile(byte[] input) {
        ApprovalFile.Loaded loaded;
        try {
            loaded = new ApprovalFile.Loaded("fuzz.json", ApprovalFile.parse("fuzz.json", input), null);
        } catch (BackstopException e) {
            FuzzContract.checkMessage(e.getMessage());
            loaded = new ApprovalFile.Loaded("fuzz.json", null, e.getMessage());
        }
        ApprovalReview review = VERIFIER.review(REPORT, List.of(loaded));
        review.rejected().forEach(rejected -> FuzzContract.checkMessage(rejected.reason()));
        if (!review.accepted().isEmpty() && !Arrays.equals(loaded.approval().payload(), SIGNED)) {
            throw new AssertionError("an approval counted with a statement that was never signed");
        }
    }

    private static ApprovalFile genuine() {
        try (InputStream in = ApprovalFuzzTest.class.getResourceAsStream("ApprovalFuzzTestInputs/approvalFile/genuine.json")) {
            return ApprovalFile.parse("genuine.json", in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
