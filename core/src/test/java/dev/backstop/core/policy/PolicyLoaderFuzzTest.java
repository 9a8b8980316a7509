package dev.backstop.core.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.backstop.core.BackstopException;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.testing.FuzzContract;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Fuzzes the policy file reader (YAML, every section, CEL conditions), and then uses a policy that loaded to check
 * a plan, so custom rules and exemptions run too. Seeds: {@code PolicyLoaderFuzzTestInputs/anyPolicy/}.
 */
class PolicyLoaderFuzzTest {
    private static final byte[] PLAN = read("delete.json");
    private static final PlanConverter NO_TERRAFORM = new PlanConverter(
            List.of("/nonexistent/backstop-fuzzing-runs-no-terraform"), Duration.ofSeconds(1));

    @FuzzTest
    void anyPolicy(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzContract.resultOrCleanRefusal(() -> {
            Policy policy = Policy.parse(".backstop.yml", text);
            new PlanCheck(policy, "prod", Clock.systemUTC())
                    .run(PlanSource.stdin(new ByteArrayInputStream(PLAN)), NO_TERRAFORM);
            // `backstop policy show`: the description must read back to the same decisions.
            String shown = PolicyDescription.describe(policy, LocalDate.of(2026, 11, 21));
            try {
                Policy.parse("shown.yml", shown);
            } catch (BackstopException e) {
                throw new AssertionError("`policy show` printed a policy that does not read back: " + e.getMessage()
                        + "\n" + shown, e);
            }
        });
    }

    private static byte[] read(String plan) {
        try {
            return Files.readAllBytes(RepoFiles.plan(plan));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
