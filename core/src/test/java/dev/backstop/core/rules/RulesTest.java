package dev.backstop.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static final String AWS = "registry.terraform.io/hashicorp/aws";

    static String change(String provider, String address, String actions, String before, String after, String extra) {
        String type = address.replaceAll("^(module\\.[^.]+\\.)*", "").split("\\.")[0];
        String name = address.replaceAll("^(module\\.[^.]+\\.)*[^.]+\\.", "").replaceAll("\\[.*", "");
        return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\",\"provider_name\":\"" + provider + "\"" + extra + ",\"change\":{\"actions\":" + actions
                + ",\"before\":" + before + ",\"after\":" + after + ",\"after_unknown\":{}}}";
    }

    static String change(String address, String actions, String before, String after) {
        return change(AWS, address, actions, before, after, "");
    }

    static CheckReport check(String... changes) {
        return checkWithConfiguration("{}", changes);
    }

    static CheckReport checkWithConfiguration(String configuration, String... changes) {
        String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":["
                + String.join(",", changes) + "],\"configuration\":" + configuration + ",\"complete\":true,\"errored\":false}";
        return PlanCheck.defaults().run(PlanSource.stdin(new ByteArrayInputStream(plan.getBytes(StandardCharsets.UTF_8))),
                new PlanConverter(List.of("terraform"), Duration.ofSeconds(5)));
    }

    @Test
    void replacementOfDatabaseNeedsApproval() {
        CheckReport report = check(change("aws_db_instance.orders", "[\"delete\",\"create\"]",
                "{\"identifier\":\"orders\",\"engine\":\"postgres\"}", "{\"identifier\":\"orders\",\"engine\":\"mysql\"}"));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("stateful-destroy", Severity.HIGH));
    }

    @Test
    void destroyOfASecurityGroupIsShownButAllowed() {
        CheckReport report = check(change("aws_security_group.web", "[\"delete\"]", "{\"name\":\"web\"}", "null"));

        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(report.findings()).extracting(Finding::rule, Finding::severity).containsExactly(tuple("destroy", Severity.LOW));
    }

    @Test
    void auroraInstanceReplacementIsOnlyAMemberDestroy() {
        CheckReport report = check(change("aws_rds_cluster_instance.reader", "[\"delete\",\"create\"]", "{\"identifier\":\"r\"}", "{\"identifier\":\"r2\"}"));

        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(report.findings()).extracting(Finding::rule).containsExactly("member-destroy");
    }

    @Test
    void deposedObjectOfADatabaseIsADataDestroy() {
        CheckReport report = check(change(AWS, "aws_db_instance.orders", "[\"delete\"]", "{\"identifier\":\"orders\"}", "null",
                ",\"deposed\":\"0000abcd\""));

        assertThat(report.findings()).extracting(Finding::rule, Finding::address)
                .containsExactly(tuple("stateful-destroy", "aws_db_instance.orders (deposed object 0000abcd)"));
    }

    @Test
    void openTofuProviderAddressesMatchTheSameCatalogEntries() {
        CheckReport report = check(change("registry.opentofu.org/hashicorp/aws", "aws_dynamodb_table.t", "[\"delete\"]",
                "{\"name\":\"t\"}", "null", ""));

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("stateful-destroy");
    }

    @Test
    void bucketNamedAsReplicationDestinationLaterInThePlanIsABackupStore() {
        CheckReport report = check(
                change("aws_s3_bucket.replica", "[\"delete\"]", "{\"bucket\":\"acme-orders-copy\"}", "null"),
                change("aws_s3_bucket_replication_configuration.orders", "[\"no-op\"]",
                        "{\"rule\":[{\"destination\":[{\"bucket\":\"arn:aws:s3:::acme-orders-copy\"}]}]}",
                        "{\"rule\":[{\"destination\":[{\"bucket\":\"arn:aws:s3:::acme-orders-copy\"}]}]}"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("backup-destroy", Severity.CRITICAL));
        assertThat(report.findings().get(0).message()).contains("named by aws_s3_bucket_replication_configuration.orders");
    }

    @Test
    void bucketReferencedInTheConfigurationOfAModuleIsABackupStoreEvenWhenValuesAreUnknown() {
        String configuration = "{\"root_module\":{\"module_calls\":{\"dr\":{\"module\":{\"resources\":[{"
                + "\"address\":\"aws_s3_bucket_replication_configuration.orders\",\"mode\":\"managed\","
                + "\"type\":\"aws_s3_bucket_replication_configuration\",\"name\":\"orders\",\"expressions\":{\"rule\":[{"
                + "\"destination\":[{\"bucket\":{\"references\":[\"aws_s3_bucket.copy.arn\",\"aws_s3_bucket.copy\"]}}]}]}}]}}}}}";

        CheckReport report = checkWithConfiguration(configuration,
                change("module.dr[0].aws_s3_bucket.copy", "[\"delete\",\"create\"]", "{\"force_destroy\":true}", "{}"),
                change("module.dr[0].aws_s3_bucket_replication_configuration.orders", "[\"update\"]", "{}", "{}"));

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("backup-destroy");
        assertThat(report.findings().get(0).message()).contains("named by module.dr.aws_s3_bucket_replication_configuration.orders");
    }

    @Test
    void configurationAddressDropsInstanceKeys() {
        assertThat(PlanContext.configAddress("module.a[0].module.b[\"x.y[1]\"].aws_s3_bucket.c[\"k\\\"q\"]"))
                .isEqualTo("module.a.module.b.aws_s3_bucket.c");
    }

    @Test
    void ordinaryBucketIsDataNotBackup() {
        CheckReport report = check(change("aws_s3_bucket.assets", "[\"delete\"]", "{\"bucket\":\"acme-web-assets\",\"tags\":{\"team\":\"web\"}}", "null"));

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("stateful-destroy");
    }

    @Test
    void databaseDestroyedWithItsVaultIsASharedBlastRadius() {
        CheckReport report = check(
                change("aws_db_instance.orders", "[\"delete\"]", "{\"identifier\":\"orders\"}", "null"),
                change("aws_backup_vault.orders", "[\"delete\"]", "{\"name\":\"orders\"}", "null"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::severity, Finding::address).contains(
                tuple("shared-blast-radius", Severity.CRITICAL, "aws_db_instance.orders"),
                tuple("backup-destroy", Severity.CRITICAL, "aws_backup_vault.orders"),
                tuple("stateful-destroy", Severity.HIGH, "aws_db_instance.orders"));
        Finding shared = report.findings().stream().filter(f -> f.rule().equals("shared-blast-radius")).findFirst().orElseThrow();
        assertThat(shared.message()).contains("aws_db_instance.orders").contains("aws_backup_vault.orders");
    }

    @Test
    void databaseDestroyedWithItsEncryptionKeyIsASharedBlastRadius() {
        CheckReport report = check(
                change("aws_db_instance.orders", "[\"delete\"]", "{\"identifier\":\"orders\"}", "null"),
                change("aws_kms_key.data", "[\"delete\"]", "{\"description\":\"data\"}", "null"));

        assertThat(report.findings()).extracting(Finding::rule).contains("shared-blast-radius");
    }

    @Test
    void deletionProtectionSwitchedOffIsFlaggedWithItsValues() {
        CheckReport report = check(change("aws_db_instance.orders", "[\"update\"]",
                "{\"deletion_protection\":true,\"skip_final_snapshot\":false,\"backup_retention_period\":7}",
                "{\"deletion_protection\":false,\"skip_final_snapshot\":true,\"backup_retention_period\":1}"));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.findings()).extracting(Finding::rule).containsOnly("protection-weakened").hasSize(3);
        assertThat(report.findings()).extracting(Finding::message).anySatisfy(m ->
                assertThat(m).contains("`deletion_protection`").contains("(true → false)"));
    }

    @Test
    void nestedBlockProtectionIsFollowed() {
        CheckReport report = check(change("aws_dynamodb_table.t", "[\"update\"]",
                "{\"point_in_time_recovery\":[{\"enabled\":true}]}", "{\"point_in_time_recovery\":[{\"enabled\":false}]}"));

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("protection-weakened");
    }

    @Test
    void protectionIncreasesAreNeverFlagged() {
        CheckReport report = check(change("aws_db_instance.orders", "[\"update\"]",
                "{\"deletion_protection\":false,\"skip_final_snapshot\":true,\"backup_retention_period\":7}",
                "{\"deletion_protection\":true,\"skip_final_snapshot\":false,\"backup_retention_period\":14}"));

        assertThat(report.findings()).isEmpty();
        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void valueUnknownUntilApplyIsNotAWeakening() {
        String unknown = "{\"address\":\"aws_db_instance.o\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"o\","
                + "\"provider_name\":\"" + AWS + "\",\"change\":{\"actions\":[\"update\"],\"before\":{\"deletion_protection\":true},"
                + "\"after\":{},\"after_unknown\":{\"deletion_protection\":true}}}";

        assertThat(check(unknown).findings()).isEmpty();
    }

    @Test
    void sensitiveProtectionValuesAreNotShown() {
        String sensitive = "{\"address\":\"aws_db_instance.o\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"o\","
                + "\"provider_name\":\"" + AWS + "\",\"change\":{\"actions\":[\"update\"],\"before\":{\"backup_retention_period\":30},"
                + "\"after\":{\"backup_retention_period\":3},\"after_unknown\":{},\"before_sensitive\":{\"backup_retention_period\":true},"
                + "\"after_sensitive\":{\"backup_retention_period\":true}}}";

        Finding finding = check(sensitive).findings().get(0);

        assertThat(finding.message()).contains("is lowered").doesNotContain("30").doesNotContain("→ 3");
    }

    @Test
    void deletingTheVersioningResourceWeakensTheBucket() {
        CheckReport report = check(change("aws_s3_bucket_versioning.orders", "[\"delete\"]",
                "{\"bucket\":\"orders\",\"versioning_configuration\":[{\"status\":\"Enabled\"}]}", "null"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("protection-weakened", Severity.HIGH));
    }

    @Test
    void massDestroyCountsAndShares() {
        assertThat(rules(massDelete(26, 0))).contains("mass-destroy");
        assertThat(rules(massDelete(25, 100))).doesNotContain("mass-destroy");
        assertThat(rules(massDelete(5, 4))).contains("mass-destroy");
        assertThat(rules(massDelete(4, 0))).doesNotContain("mass-destroy");
        assertThat(rules(massDelete(5, 5))).doesNotContain("mass-destroy");
    }

    private static List<String> rules(CheckReport report) {
        return report.findings().stream().map(Finding::rule).toList();
    }

    private static CheckReport massDelete(int deletes, int unchanged) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < deletes; i++) {
            changes.add(change("aws_security_group.sg" + i, "[\"delete\"]", "{\"name\":\"sg\"}", "null"));
        }
        for (int i = 0; i < unchanged; i++) {
            changes.add(change("aws_security_group.keep" + i, "[\"no-op\"]", "{\"name\":\"k\"}", "{\"name\":\"k\"}"));
        }
        return check(changes.toArray(String[]::new));
    }

    @Test
    void forgetAndMovedAreInformationOnly() {
        CheckReport report = check(
                change("aws_db_instance.legacy", "[\"forget\"]", "{\"identifier\":\"legacy\"}", "null"),
                change(AWS, "aws_s3_bucket.invoices", "[\"no-op\"]", "{\"bucket\":\"i\"}", "{\"bucket\":\"i\"}",
                        ",\"previous_address\":\"aws_s3_bucket.billing\""));

        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactlyInAnyOrder(tuple("forget", Severity.INFO), tuple("moved", Severity.INFO));
    }

    @Test
    void dataSourcesAndCreatesNeverProduceFindings() {
        String read = "{\"address\":\"data.aws_db_instance.x\",\"mode\":\"data\",\"type\":\"aws_db_instance\",\"name\":\"x\","
                + "\"provider_name\":\"" + AWS + "\",\"change\":{\"actions\":[\"read\"],\"before\":null,\"after\":{}}}";

        CheckReport report = check(read, change("aws_db_instance.new", "[\"create\"]", "null", "{\"identifier\":\"new\"}"));

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void causeAndRemedyAreExplained() {
        String removed = change(AWS, "aws_db_instance.orders", "[\"delete\"]", "{\"identifier\":\"orders\"}", "null",
                ",\"action_reason\":\"delete_because_no_resource_config\"");

        Finding finding = check(removed).findings().get(0);

        assertThat(finding.message()).contains("the resource block was removed from the configuration").contains("holds data");
        assertThat(finding.remedy()).contains("moved {").contains("removed {").contains("destroy = false").contains("prevent_destroy");
    }
}
