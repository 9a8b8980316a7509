package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import org.junit.jupiter.api.Test;

/**
 * The warm-up swallows every failure (it decides nothing), so a plan of its own that stopped being a valid plan
 * would silently warm up nothing but the error path. This holds it to a real check's result.
 */
class WarmUpTest {

    @Test
    void theWarmUpPlanIsReadAndJudgedLikeARealOne() {
        CheckReport report = WarmUp.check();

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.findings()).extracting(Finding::address).contains("aws_db_instance.orders");
        assertThat(report.summary()).containsEntry("delete", 1L).containsEntry("update", 1L).containsEntry("no-op", 1L);
    }
}
