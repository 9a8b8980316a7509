package dev.backstop.core.plan;

import static dev.backstop.core.testing.Plans.change;
import static dev.backstop.core.testing.Plans.planWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanReaderTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "create.json, CREATE",
        "update.json, UPDATE",
        "delete.json, DELETE",
        "replace.json, REPLACE",
        "replace-create-before-destroy.json, REPLACE",
        "read.json, READ",
        "no-op.json, NO_OP",
        "forget.json, FORGET",
        "unknown-action.json, UNKNOWN",
    })
    void classifiesEachActionKind(String file, ChangeKind expected) {
        Plans.Read plan = Plans.read(RepoFiles.plan(file));

        assertThat(plan.changes()).first().extracting(ResourceChange::kind).isEqualTo(expected);
    }

    @Test
    void destroyFirstReplacementIsDestructiveAndNotCreateBeforeDestroy() {
        ResourceChange change = Plans.read(RepoFiles.plan("replace.json")).change("aws_db_instance.orders");

        assertThat(change.isDestructive()).isTrue();
        assertThat(change.isCreateBeforeDestroy()).isFalse();
        assertThat(change.actionReason()).isEqualTo("replace_because_cannot_update");
        assertThat(change.replacePaths().toString()).isEqualTo("[[\"engine\"]]");
    }

    @Test
    void createBeforeDestroyReplacementStillDeletesTheOldObject() {
        ResourceChange change = Plans.read(RepoFiles.plan("replace-create-before-destroy.json")).changes().get(0);

        assertThat(change.actions()).containsExactly("create", "delete");
        assertThat(change.isCreateBeforeDestroy()).isTrue();
        assertThat(change.isDestructive()).isTrue();
    }

    @Test
    void forgetIsNotDestructive() {
        ResourceChange change = Plans.read(RepoFiles.plan("forget.json")).changes().get(0);

        assertThat(change.isDestructive()).isFalse();
    }

    @Test
    void createAndForgetInEitherOrderIsAForgetNotADelete() {
        assertThat(ChangeKind.of(List.of("create", "forget"))).isEqualTo(ChangeKind.FORGET);
        assertThat(ChangeKind.of(List.of("forget", "create"))).isEqualTo(ChangeKind.FORGET);
    }

    @Test
    void anyActionListContainingDeleteIsDestructiveEvenWhenUnknown() {
        Plans.Read plan = Plans.read(planWith(change("aws_s3_bucket.a", "\"actions\":[\"delete\",\"archive\"],\"before\":{\"bucket\":\"a\"}")));

        ResourceChange change = plan.changes().get(0);
        assertThat(change.kind()).isEqualTo(ChangeKind.UNKNOWN);
        assertThat(change.isDestructive()).isTrue();
    }

    @Test
    void deposedObjectIsASeparateChangeWithItsKey() {
        Plans.Read plan = Plans.read(RepoFiles.plan("deposed.json"));

        assertThat(plan.changes()).hasSize(2);
        ResourceChange deposed = plan.changes().stream().filter(c -> c.deposed() != null).findFirst().orElseThrow();
        assertThat(deposed.address()).isEqualTo("aws_instance.web");
        assertThat(deposed.deposed()).isEqualTo("00000001");
        assertThat(deposed.kind()).isEqualTo(ChangeKind.DELETE);
        assertThat(deposed.displayAddress()).isEqualTo("aws_instance.web (deposed object 00000001)");
    }

    @Test
    void movedResourceKeepsItsPreviousAddress() {
        ResourceChange change = Plans.read(RepoFiles.plan("moved.json")).changes().get(0);

        assertThat(change.previousAddress()).isEqualTo("aws_s3_bucket.billing");
        assertThat(change.isMove()).isTrue();
        assertThat(change.kind()).isEqualTo(ChangeKind.NO_OP);
    }

    @Test
    void countShrinkKeepsIndexAndReason() {
        ResourceChange change = Plans.read(RepoFiles.plan("count-shrink.json")).changes().get(0);

        assertThat(change.index().intValue()).isEqualTo(2);
        assertThat(change.actionReason()).isEqualTo("delete_because_count_index");
    }

    @Test
    void readsEveryFieldOfAResourceChange() {
        String entry = "{\"address\":\"module.db.aws_db_instance.main[\\\"eu\\\"]\",\"previous_address\":\"aws_db_instance.main\","
                + "\"module_address\":\"module.db\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"main\","
                + "\"index\":\"eu\",\"provider_name\":\"registry.opentofu.org/hashicorp/aws\",\"action_reason\":\"replace_by_request\","
                + "\"change\":{\"actions\":[\"create\",\"delete\"],\"before\":{\"a\":1},\"after\":{\"a\":2},"
                + "\"after_unknown\":{\"id\":true},\"before_sensitive\":{},\"after_sensitive\":{\"a\":true},"
                + "\"replace_paths\":[[\"a\"]],\"importing\":{\"id\":\"db-1\"},\"some_future_field\":1},\"another_future_field\":[1]}";

        ResourceChange change = Plans.read(planWith(entry)).changes().get(0);

        assertThat(change.address()).isEqualTo("module.db.aws_db_instance.main[\"eu\"]");
        assertThat(change.previousAddress()).isEqualTo("aws_db_instance.main");
        assertThat(change.moduleAddress()).isEqualTo("module.db");
        assertThat(change.mode()).isEqualTo("managed");
        assertThat(change.type()).isEqualTo("aws_db_instance");
        assertThat(change.name()).isEqualTo("main");
        assertThat(change.index().textValue()).isEqualTo("eu");
        assertThat(change.providerName()).isEqualTo("registry.opentofu.org/hashicorp/aws");
        assertThat(change.actionReason()).isEqualTo("replace_by_request");
        assertThat(change.before().get("a").intValue()).isEqualTo(1);
        assertThat(change.after().get("a").intValue()).isEqualTo(2);
        assertThat(change.afterUnknown().get("id").booleanValue()).isTrue();
        assertThat(change.beforeSensitive().isEmpty()).isTrue();
        assertThat(change.afterSensitive().get("a").booleanValue()).isTrue();
        assertThat(change.importing().get("id").textValue()).isEqualTo("db-1");
    }

    @Test
    void keepsNumbersExact() {
        String entry = change("aws_s3_bucket.a",
                "\"actions\":[\"update\"],\"before\":{\"big\":18446744073709551616,\"dec\":0.10000000000000000001},"
                        + "\"after\":{\"big\":18446744073709551617,\"dec\":1.50}");

        ResourceChange change = Plans.read(planWith(entry)).changes().get(0);

        assertThat(change.before().get("big").bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551616"));
        assertThat(change.before().get("dec").decimalValue()).isEqualTo(new BigDecimal("0.10000000000000000001"));
        assertThat(change.after().get("dec").decimalValue().toPlainString()).isEqualTo("1.50");
    }

    @Test
    void acceptsOldFormatVersions() {
        Plans.Read plan = Plans.read(RepoFiles.plan("format-0.1.json"));

        assertThat(plan.info().formatVersion()).isEqualTo("0.1");
        assertThat(plan.info().complete()).isTrue();
    }

    @Test
    void utf8AndUtf16WithByteOrderMarksReadLikePlainUtf8() {
        Plans.Read plain = Plans.read(RepoFiles.plan("delete.json"));

        for (String file : List.of("utf8-bom.json", "utf16le-bom.json")) {
            Plans.Read other = Plans.read(RepoFiles.plan(file));
            assertThat(other.changes()).as(file).isEqualTo(plain.changes());
            assertThat(other.info()).as(file).isEqualTo(plain.info());
        }
    }

    @Test
    void utf16BigEndianWithByteOrderMarkIsRead() {
        byte[] body = planWith(change("aws_s3_bucket.é", "\"actions\":[\"delete\"],\"before\":{\"bucket\":\"é\"}")).getBytes(StandardCharsets.UTF_16BE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFE;
        bytes[1] = (byte) 0xFF;
        System.arraycopy(body, 0, bytes, 2, body.length);

        Plans.Read plan = Plans.read(PlanSource.stdin(new ByteArrayInputStream(bytes)));

        assertThat(plan.changes().get(0).address()).isEqualTo("aws_s3_bucket.é");
    }

    @Test
    void incompletePlanIsReadAndFlagged() {
        Plans.Read plan = Plans.read(RepoFiles.plan("incomplete.json"));

        assertThat(plan.info().isIncomplete()).isTrue();
    }

    @Test
    void erroredPlanIsReadAndFlaggedForTheCallerToRefuse() {
        Plans.Read plan = Plans.read(RepoFiles.plan("errored.json"));

        assertThat(plan.info().errored()).isTrue();
    }

    @Test
    void emptyPlanWithoutResourceChangesHasNoChanges() {
        Plans.Read plan = Plans.read("{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},\"applyable\":false,\"complete\":true,\"errored\":false}");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.info().changeCount()).isZero();
    }

    @Test
    void parsesAHundredMegabyteString() {
        String huge = "A".repeat(100 * 1024 * 1024);
        String entry = change("aws_instance.big", "\"actions\":[\"update\"],\"before\":{\"user_data\":\"\"},\"after\":{\"user_data\":\"" + huge + "\"}");

        ResourceChange change = Plans.read(planWith(entry)).changes().get(0);

        assertThat(change.after().get("user_data").textValue()).hasSize(huge.length());
    }

    @Test
    void parsesDeepButLegitimateNesting() {
        int depth = 500;
        String value = "[".repeat(depth) + "1" + "]".repeat(depth);
        String entry = change("aws_instance.deep", "\"actions\":[\"update\"],\"before\":null,\"after\":{\"v\":" + value + "}");

        ResourceChange change = Plans.read(planWith(entry)).changes().get(0);

        assertThat(change.after().get("v")).isNotNull();
    }

    @Test
    void refusesHostileNestingCleanly() {
        int depth = 100_000;
        String value = "[".repeat(depth) + "]".repeat(depth);
        String entry = change("aws_instance.deep", "\"actions\":[\"update\"],\"after\":{\"v\":" + value + "}");

        assertThatThrownBy(() -> Plans.read(planWith(entry)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("reading limit");
    }

    @Test
    void doesNotEchoInputInJsonErrors() {
        assertThatThrownBy(() -> Plans.read("password=hunter2-very-secret"))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith("not valid JSON (line 1")
                .hasMessageNotContaining("hunter2");
    }
}
