package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report kept in a check run's text: it comes back whole, and nothing in a plan can break it. */
class EmbeddedReportTest {
    private static final String FINGERPRINT = "sha256:" + "0f".repeat(32);

    @Test
    void theReportComesBackAsItWas() {
        CheckReport report = report("aws_db_instance.orders");

        CheckReport back = EmbeddedReport.decode("text before\n" + EmbeddedReport.encode(report, 65_000).orElseThrow()
                + "\ntext after").orElseThrow();

        assertThat(back.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(back.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(back.blocking()).isEqualTo(Severity.MEDIUM);
        assertThat(back.summary()).containsEntry("delete", 1L);
        assertThat(back.notes()).containsExactly("a note");
        assertThat(back.findings()).isEqualTo(report.findings());
        assertThat(back.approvals()).isNull();
    }

    @Test
    void anAddressThatLooksLikeTheEndOfAnHtmlCommentCannotEndTheBlock() {
        String hostile = "aws_s3_bucket.b[\"--> <!-- backstop:report-data v1 x\n-->\"]";
        String block = EmbeddedReport.encode(report(hostile), 65_000).orElseThrow();

        assertThat(block.indexOf("-->")).isEqualTo(block.length() - 3);
        assertThat(EmbeddedReport.decode(block).orElseThrow().findings().get(0).address()).isEqualTo(hostile);
    }

    @Test
    void aDamagedOrMissingBlockGivesNothing() {
        String block = EmbeddedReport.encode(report("a.b"), 65_000).orElseThrow();

        assertThat(EmbeddedReport.decode(null)).isEmpty();
        assertThat(EmbeddedReport.decode("no block here")).isEmpty();
        assertThat(EmbeddedReport.decode(block.replace("H4sI", "AAAA"))).isEmpty();
        assertThat(EmbeddedReport.decode(block.substring(0, block.length() / 2) + "\n-->")).isEmpty();
    }

    @Test
    void tooLittleRoomKeepsASlimReportOrNone() {
        CheckReport report = report("aws_db_instance.orders");
        int full = EmbeddedReport.encode(report, 65_000).orElseThrow().length();

        assertThat(EmbeddedReport.encode(report, full - 1)).hasValueSatisfying(block -> assertThat(
                EmbeddedReport.decode(block).orElseThrow().findings().get(0).message())
                .isEqualTo(EmbeddedReport.SLIM_MESSAGE));
        assertThat(EmbeddedReport.encode(report, 100)).isEmpty();
        assertThat(EmbeddedReport.encode(CheckReport.error("boom"), 65_000)).isEmpty();
    }

    private static CheckReport report(String address) {
        Finding finding = new Finding("stateful-destroy", Severity.HIGH, address, "aws_db_instance",
                List.of("delete"), "It holds data. ".repeat(40), "delete_because_no_resource_config", List.of("engine"),
                "Take a snapshot first.", false, "production", null);
        return new CheckReport(Verdict.APPROVAL_REQUIRED, FINGERPRINT, "1.9.8", "1.2", true, Severity.MEDIUM,
                Map.of("delete", 1L, "total", 1L), List.of(finding), List.of("a note"), "built-in", null, null);
    }
}
