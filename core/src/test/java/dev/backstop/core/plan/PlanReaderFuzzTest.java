package dev.backstop.core.plan;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ReportContext;
import dev.backstop.core.report.ReportFormat;
import dev.backstop.core.report.ReportWriters;
import dev.backstop.core.testing.FuzzContract;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Fuzzes what reads a plan: bytes in, a checked report or a clean {@link PlanException} out (see
 * {@link FuzzContract}). In a normal build each target replays its seeds from
 * {@code src/test/resources/dev/backstop/core/plan/PlanReaderFuzzTestInputs/<target>/}; {@code -Pfuzz} fuzzes one
 * target (docs/fuzzing.md).
 */
class PlanReaderFuzzTest {
    /** Never run: binary (zip) input is skipped before it would reach the converter. */
    private static final PlanConverter NO_TERRAFORM = new PlanConverter(
            List.of("/nonexistent/backstop-fuzzing-runs-no-terraform"), Duration.ofSeconds(1));

    /**
     * Any bytes through the whole check: encoding detection, the streaming reader, each change's shape, the
     * fingerprint, every rule, the verdict, and every report format.
     */
    @FuzzTest
    void anyBytes(byte[] input) {
        if (input.length >= 2 && input[0] == 'P' && input[1] == 'K') {
            return; // a binary plan: converted by running terraform, which a fuzzer must not do
        }
        FuzzContract.resultOrCleanRefusal(() -> checkAndRender(input));
    }

    /**
     * Plans that are valid JSON and shaped like plans, built from the fuzzer's choices: many action lists, catalog
     * types, protection attributes and odd values. Random bytes rarely get this far; this reaches the rules.
     */
    @FuzzTest
    void structuredPlan(FuzzedDataProvider data) {
        byte[] plan = StructuredPlan.build(data).getBytes(StandardCharsets.UTF_8);
        FuzzContract.resultOrCleanRefusal(() -> checkAndRender(plan));
    }

    /**
     * Any text as the contents of an object or array the reader skips outside the parser's token loop
     * ({@link SkippingParser}): a section, or the value of an unchanged resource; read in chunks of a size the fuzzer
     * picks. The plan must read exactly as Jackson alone reads it, or be refused for the same reason on the same line
     * ({@link SectionReading}).
     */
    @FuzzTest
    void skippedSection(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 512);
        int where = data.consumeInt(0, 2);
        String section = data.consumeRemainingAsString();
        String plan = switch (where) {
            case 0 -> "{\"format_version\":\"1.2\",\"planned_values\":[" + section + "],\"configuration\":{}}";
            case 1 -> "{\"format_version\":\"1.2\",\"resource_changes\":[],\"prior_state\":{" + section
                    + "},\"configuration\":{}}";
            default -> "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\","
                    + "\"mode\":\"managed\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":[\"no-op\"],\"before\":{"
                    + section + "},\"after\":null}}]}";
        };
        SectionReading.assertSame(plan.getBytes(StandardCharsets.UTF_8), chunk);
    }

    private static void checkAndRender(byte[] input) {
        CheckReport report = PlanCheck.defaults().run(PlanSource.stdin(new ByteArrayInputStream(input)), NO_TERRAFORM);
        if (report.verdict() == null || report.fingerprint() == null) {
            throw new AssertionError("a report without a verdict or fingerprint");
        }
        if (report.verdict() == Verdict.ALLOW && report.findings().stream().anyMatch(report::isBlocking)) {
            throw new AssertionError("allowed although a finding blocks: " + report.findings());
        }
        ReportContext context = ReportContext.defaults("fuzz");
        for (ReportFormat format : ReportFormat.values()) {
            ReportWriters.of(format, context).write(report, OutputStream.nullOutputStream());
        }
    }

    /** Builds one plan from the fuzzer's data. */
    static final class StructuredPlan {
        private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
        private static final String[] TYPES = {"aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance",
            "aws_s3_bucket", "aws_s3_bucket_versioning", "aws_s3_bucket_object_lock_configuration",
            "aws_s3_bucket_replication_configuration", "aws_backup_vault", "aws_backup_vault_lock_configuration",
            "aws_dynamodb_table", "aws_kms_key", "aws_ebs_volume", "aws_instance", "aws_security_group",
            "google_sql_database_instance", "google_storage_bucket", "azurerm_mssql_database",
            "kubernetes_persistent_volume_claim", "random_id", "terraform_data", "x"};
        private static final String[] ACTIONS = {"create", "update", "delete", "read", "no-op", "forget", "DELETE",
            "delete ", "", "replace", "create_then_delete"};
        private static final String[] ATTRIBUTES = {"deletion_protection", "skip_final_snapshot",
            "backup_retention_period", "force_destroy", "bucket", "identifier", "name", "tags", "status",
            "versioning_configuration", "point_in_time_recovery", "enabled", "retention", "kms_key_id", "arn", "id",
            "rule", "destination", "object_lock_enabled", "final_snapshot_identifier", "min_retention_days"};
        private static final String[] STRINGS = {"backup", "orders-backup", "Enabled", "Suspended", "Disabled",
            "true", "false", "0", "7", "arn:aws:s3:::orders-backup", "prod", "", "\u001b[2J", "x"};

        static String build(FuzzedDataProvider data) {
            ObjectNode plan = NODES.objectNode();
            plan.put("format_version", data.pickValue(new String[] {"1.2", "0.1", "1.0", "1.9"}));
            plan.putObject("planned_values").putObject("root_module");
            ArrayNode changes = plan.putArray("resource_changes");
            int count = data.consumeInt(0, 12);
            for (int i = 0; i < count; i++) {
                changes.add(change(data, i));
            }
            if (data.consumeBoolean()) {
                plan.put("complete", data.consumeBoolean());
            }
            plan.put("errored", data.consumeProbabilityDouble() < 0.05);
            return plan.toString();
        }

        private static ObjectNode change(FuzzedDataProvider data, int i) {
            ObjectNode entry = NODES.objectNode();
            String type = data.pickValue(TYPES);
            boolean dataSource = data.consumeProbabilityDouble() < 0.1;
            String module = data.consumeBoolean() ? "" : "module." + data.pickValue(new String[] {"db", "prod", "a"}) + ".";
            String name = data.pickValue(new String[] {"main", "orders", "backup", "b" + i});
            String key = data.consumeBoolean() ? "" : data.consumeBoolean() ? "[" + data.consumeInt(0, 3) + "]"
                    : "[\"" + data.pickValue(STRINGS).replace("\"", "") + "\"]";
            entry.put("address", module + (dataSource ? "data." : "") + type + "." + name + key);
            entry.put("mode", dataSource ? "data" : "managed");
            entry.put("type", type);
            entry.put("name", name);
            if (!module.isEmpty()) {
                entry.put("module_address", module.substring(0, module.length() - 1));
            }
            entry.put("provider_name", "registry.terraform.io/hashicorp/" + type.split("_")[0]);
            if (data.consumeProbabilityDouble() < 0.1) {
                entry.put("deposed", "0000000" + data.consumeInt(0, 9));
            }
            if (data.consumeProbabilityDouble() < 0.1) {
                entry.put("previous_address", type + ".old" + i);
            }
            ObjectNode change = entry.putObject("change");
            ArrayNode actions = change.putArray("actions");
            int n = data.consumeInt(1, 3);
            for (int a = 0; a < n; a++) {
                actions.add(data.pickValue(ACTIONS));
            }
            change.set("before", data.consumeBoolean() ? NODES.nullNode() : value(data, 3));
            change.set("after", data.consumeBoolean() ? NODES.nullNode() : value(data, 3));
            if (data.consumeBoolean()) {
                change.set("after_unknown", value(data, 2));
            }
            if (data.consumeBoolean()) {
                change.set("before_sensitive", value(data, 2));
                change.set("after_sensitive", value(data, 2));
            }
            if (data.consumeProbabilityDouble() < 0.2) {
                ArrayNode paths = change.putArray("replace_paths");
                paths.addArray().add(data.pickValue(ATTRIBUTES)).add(data.consumeInt(0, 2));
            }
            if (data.consumeProbabilityDouble() < 0.2) {
                entry.put("action_reason", data.pickValue(new String[] {"delete_because_no_resource_config",
                    "replace_because_tainted", "delete_because_count_index", "replace_by_request"}));
            }
            return entry;
        }

        private static JsonNode value(FuzzedDataProvider data, int depth) {
            switch (data.consumeInt(0, depth <= 0 ? 4 : 6)) {
                case 0: return NODES.nullNode();
                case 1: return NODES.booleanNode(data.consumeBoolean());
                case 2: return NODES.numberNode(BigDecimal.valueOf(data.consumeLong(), data.consumeInt(-2, 3)));
                case 3: return NODES.textNode(data.pickValue(STRINGS));
                case 4: return NODES.textNode(data.consumeString(20));
                case 5: {
                    ArrayNode list = NODES.arrayNode();
                    int size = data.consumeInt(0, 3);
                    for (int i = 0; i < size; i++) {
                        list.add(value(data, depth - 1));
                    }
                    return list;
                }
                default: {
                    ObjectNode object = NODES.objectNode();
                    int size = data.consumeInt(0, 5);
                    for (int i = 0; i < size; i++) {
                        object.set(data.pickValue(ATTRIBUTES), value(data, depth - 1));
                    }
                    return object;
                }
            }
        }
    }
}
