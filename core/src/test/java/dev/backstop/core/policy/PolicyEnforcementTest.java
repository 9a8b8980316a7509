package dev.backstop.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each policy section does to the verdict of a real check on a plan. */
class PolicyEnforcementTest {
    static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    static final String AWS = "registry.terraform.io/hashicorp/aws";

    static String change(String address, String actions, String before, String after) {
        return change(address, null, actions, before, after);
    }

    static String change(String address, String module, String actions, String before, String after) {
        String local = module == null ? address : address.substring(module.length() + 1);
        String type = local.split("\\.")[0];
        String name = local.split("\\.")[1].replaceAll("\\[.*", "");
        return "{\"address\":\"" + address + "\"," + (module == null ? "" : "\"module_address\":\"" + module + "\",")
                + "\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\"" + name + "\",\"provider_name\":\"" + AWS
                + "\",\"change\":{\"actions\":" + actions + ",\"before\":" + before + ",\"after\":" + after + "}}";
    }

    static String dbDelete(String address) {
        return change(address, "[\"delete\"]", "{\"identifier\":\"x\"}", "null");
    }

    static CheckReport checkIn(String policy, String workspace, String configuration, String... changes) {
        Policy effective = policy == null ? Policy.builtIn() : Policy.parse("test.yml", policy);
        String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":[" + String.join(",", changes) + "],"
                + "\"configuration\":" + configuration + ",\"complete\":true,\"errored\":false}";
        return new PlanCheck(effective, workspace, TODAY).run(
                PlanSource.stdin(new ByteArrayInputStream(plan.getBytes(StandardCharsets.UTF_8))),
                new PlanConverter(List.of("terraform"), Duration.ofSeconds(5)));
    }

    static CheckReport check(String policy, String... changes) {
        return checkIn(policy, null, "{}", changes);
    }

    @Test
    void protectedDatabaseDestroyIsDeniedNotMerelyApprovalRequired() {
        CheckReport report = check("version: 1\nprotect:\n  - address: aws_db_instance.orders\n"
                + "    reason: orders database\n", dbDelete("aws_db_instance.orders"));

        assertThat(report.verdict()).isEqualTo(Verdict.DENY);
        assertThat(report.verdict().exitCode()).isEqualTo(4);
        Finding denial = report.findings().get(0);
        assertThat(denial.rule()).isEqualTo("protected-destroy");
        assertThat(denial.denied()).isTrue();
        assertThat(denial.message()).contains("orders database").contains("test.yml:3:5");
        assertThat(denial.remedy()).contains("removed { lifecycle { destroy = false } }");
    }

    @Test
    void protectPatternCoversEveryInstanceAndReplacementsButNotOtherResources() {
        String policy = "version: 1\nprotect:\n  - address: module.prod.**\n    reason: prod\n"
                + "  - type: aws_backup_*\n    reason: backups\n  - address: aws_s3_bucket.logs\n    reason: logs\n";

        assertThat(check(policy, change("module.prod.aws_sqs_queue.q[0]", "module.prod", "[\"delete\",\"create\"]",
                "{}", "{}")).verdict()).isEqualTo(Verdict.DENY);
        assertThat(check(policy, change("aws_backup_vault.v", "[\"delete\"]", "{}", "null")).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(check(policy, change("aws_s3_bucket.logs[\\\"eu\\\"]", "[\"delete\"]", "{}", "null")).verdict())
                .isEqualTo(Verdict.DENY);
        assertThat(check(policy, change("aws_s3_bucket.logs_old", "[\"delete\"]", "{}", "null")).verdict())
                .isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(check(policy, change("aws_s3_bucket.logs", "[\"update\"]", "{}", "{}")).verdict())
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void forgettingAProtectedResourceIsNotADestroy() {
        String policy = "version: 1\nprotect:\n  - address: aws_db_instance.orders\n    reason: orders\n";

        CheckReport report = check(policy, change("aws_db_instance.orders", "[\"forget\"]", "{}", "null"));

        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void exemptionLowersTheFindingToInfoAndKeepsItInTheReport() {
        String policy = "version: 1\nexempt:\n  - rule: stateful-destroy\n    address: aws_db_instance.scratch*\n"
                + "    reason: rebuilt nightly\n    owner: data-team\n    expires: 2026-12-31\n";

        CheckReport report = check(policy, dbDelete("aws_db_instance.scratch_1"));

        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
        Finding finding = report.findings().get(0);
        assertThat(finding.rule()).isEqualTo("stateful-destroy");
        assertThat(finding.severity()).isEqualTo(Severity.INFO);
        assertThat(finding.exemption()).contains("2026-12-31").contains("data-team").contains("rebuilt nightly");
    }

    @Test
    void exemptionStillWorksOnItsLastDay() {
        String policy = "version: 1\nexempt:\n  - rule: stateful-destroy\n    type: aws_db_instance\n"
                + "    reason: r\n    owner: o\n    expires: 2026-11-21\n";

        assertThat(check(policy, dbDelete("aws_db_instance.a")).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void expiredExemptionStopsWorkingAndIsReported() {
        String policy = "version: 1\nexempt:\n  - rule: stateful-destroy\n    address: aws_db_instance.scratch*\n"
                + "    reason: rebuilt nightly\n    owner: data-team\n    expires: 2026-11-20\n";

        CheckReport report = check(policy, dbDelete("aws_db_instance.scratch_1"));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.findings()).extracting(Finding::rule, Finding::severity).containsExactlyInAnyOrder(
                tuple("stateful-destroy", Severity.HIGH), tuple("exemption-expired", Severity.LOW));
        assertThat(report.findings()).filteredOn(f -> f.rule().equals("exemption-expired")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("expired on 2026-11-20").contains("data-team"));
    }

    @Test
    void exemptionNeverOverridesADenial() {
        String policy = "version: 1\nprotect:\n  - address: aws_db_instance.orders\n    reason: orders\n"
                + "exempt:\n  - rule: \"*\"\n    address: aws_db_instance.orders\n    reason: r\n    owner: o\n"
                + "    expires: 2099-01-01\n";

        assertThat(check(policy, dbDelete("aws_db_instance.orders")).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void exemptionForOneRuleLeavesOtherRulesAlone() {
        String policy = "version: 1\nexempt:\n  - rule: destroy\n    type: aws_db_instance\n"
                + "    reason: r\n    owner: o\n    expires: 2099-01-01\n";

        CheckReport report = check(policy, dbDelete("aws_db_instance.a"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple("stateful-destroy", Severity.HIGH));
    }

    @Test
    void productionWorkspaceRaisesEverySeverityOneLevel() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n    workspaces: [prod, \"prod-*\"]\n";

        CheckReport report = checkIn(policy, "prod-eu", "{}", dbDelete("aws_db_instance.a"),
                change("aws_security_group.web", "[\"delete\"]", "{}", "null"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::severity, Finding::environment)
                .containsExactlyInAnyOrder(tuple("stateful-destroy", Severity.CRITICAL, "production"),
                        tuple("destroy", Severity.MEDIUM, "production"));
        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void sameChangesInAnotherWorkspaceKeepTheirSeverity() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n    workspaces: [prod]\n";

        CheckReport report = checkIn(policy, "dev", "{}", change("aws_security_group.web", "[\"delete\"]", "{}", "null"));

        assertThat(report.findings()).extracting(Finding::severity, Finding::environment)
                .containsExactly(tuple(Severity.LOW, null));
        assertThat(report.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void productionIsRecognisedByTagsInBeforeValues() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n"
                + "    tags: {env: [prod, production]}\n";

        CheckReport report = check(policy, change("aws_security_group.web", "[\"delete\"]",
                "{\"tags\":{\"env\":\"production\"}}", "null"),
                change("aws_security_group.dev", "[\"delete\"]", "{\"tags\":{\"env\":\"dev\"}}", "null"));

        assertThat(report.findings()).extracting(Finding::address, Finding::severity).containsExactlyInAnyOrder(
                tuple("aws_security_group.web", Severity.MEDIUM), tuple("aws_security_group.dev", Severity.LOW));
    }

    @Test
    void productionIsRecognisedByGoogleLabelsAndProjectAttribute() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n"
                + "    attributes: {project: [\"acme-prod-*\"]}\n";

        CheckReport report = check(policy, change("google_compute_firewall.a", "[\"delete\"]",
                "{\"project\":\"acme-prod-eu\"}", "null"));

        assertThat(report.findings()).extracting(Finding::severity, Finding::environment)
                .containsExactly(tuple(Severity.MEDIUM, "production"));
    }

    @Test
    void productionIsRecognisedByModuleAddressAndItsNestedModules() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n    modules: [module.prod]\n";

        CheckReport report = check(policy, change("module.prod.module.net.aws_security_group.a",
                "module.prod.module.net", "[\"delete\"]", "{}", "null"),
                change("module.production_copy.aws_security_group.b", "module.production_copy", "[\"delete\"]", "{}",
                        "null"));

        assertThat(report.findings()).extracting(Finding::address, Finding::environment).containsExactlyInAnyOrder(
                tuple("module.prod.module.net.aws_security_group.a", "production"),
                tuple("module.production_copy.aws_security_group.b", null));
    }

    @Test
    void productionIsRecognisedByTheProviderAliasInTheConfiguration() {
        String policy = "version: 1\nenvironments:\n  production:\n    production: true\n    providers: [aws.prod]\n";
        String configuration = "{\"root_module\":{\"resources\":[{\"address\":\"aws_security_group.a\","
                + "\"mode\":\"managed\",\"type\":\"aws_security_group\",\"name\":\"a\","
                + "\"provider_config_key\":\"aws.prod\"},{\"address\":\"aws_security_group.b\",\"mode\":\"managed\","
                + "\"type\":\"aws_security_group\",\"name\":\"b\",\"provider_config_key\":\"aws\"}]}}";

        CheckReport report = checkIn(policy, null, configuration,
                change("aws_security_group.a", "[\"delete\"]", "{}", "null"),
                change("aws_security_group.b", "[\"delete\"]", "{}", "null"));

        assertThat(report.findings()).extracting(Finding::address, Finding::severity).containsExactlyInAnyOrder(
                tuple("aws_security_group.a", Severity.MEDIUM), tuple("aws_security_group.b", Severity.LOW));
    }

    @Test
    void productionCanDemandMoreApprovals() {
        Policy policy = Policy.parse("test.yml", "version: 1\nenvironments:\n  production:\n    production: true\n"
                + "    workspaces: [prod]\n    approvals: {critical: 3}\n");

        ApprovalPolicy approvals = policy.approvals();
        assertThat(approvals.requirementFor(Severity.CRITICAL, policy.environment("production")).count()).isEqualTo(3);
        assertThat(approvals.requirementFor(Severity.CRITICAL, java.util.Optional.empty()).count()).isEqualTo(2);
        assertThat(approvals.requirementFor(Severity.HIGH, policy.environment("production")).count()).isEqualTo(1);
    }

    @Test
    void ruleSeverityOverrideAndDisableChangeTheVerdict() {
        String raise = "version: 1\nrules:\n  destroy:\n    severity: high\n";
        String disable = "version: 1\nrules:\n  stateful-destroy:\n    enabled: false\n";

        assertThat(check(raise, change("aws_security_group.web", "[\"delete\"]", "{}", "null")).verdict())
                .isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(check(disable, dbDelete("aws_db_instance.a")).findings()).extracting(Finding::rule)
                .doesNotContain("stateful-destroy");
    }

    @Test
    void massDestroyThresholdsComeFromThePolicy() {
        String policy = "version: 1\nrules:\n  mass-destroy:\n    max_deletions: 2\n";
        String[] three = {change("aws_security_group.a", "[\"delete\"]", "{}", "null"),
            change("aws_security_group.b", "[\"delete\"]", "{}", "null"),
            change("aws_security_group.c", "[\"delete\"]", "{}", "null")};

        assertThat(check(policy, three).findings()).extracting(Finding::rule).contains("mass-destroy");
        assertThat(check(null, three).findings()).extracting(Finding::rule).doesNotContain("mass-destroy");
    }

    @Test
    void blockingSeverityFromThePolicyDecidesWhatNeedsSignOff() {
        String policy = "version: 1\nblocking_severity: critical\n";

        assertThat(check(policy, dbDelete("aws_db_instance.a")).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(check(policy, dbDelete("aws_db_instance.a")).blocking()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void inHouseStatefulTypeFromThePolicyIsTreatedAsData() {
        String policy = "version: 1\ncatalog:\n  stateful:\n    - type: acme_database\n      category: relational\n"
                + "  backup:\n    - type: acme_vault\n      category: backup_vault\n";

        CheckReport report = check(policy, change("acme_database.main", "[\"delete\"]", "{}", "null"),
                change("acme_vault.main", "[\"delete\"]", "{}", "null"));

        assertThat(report.findings()).extracting(Finding::rule).contains("stateful-destroy", "backup-destroy",
                "shared-blast-radius");
        assertThat(check(null, change("acme_database.main", "[\"delete\"]", "{}", "null")).findings())
                .extracting(Finding::rule).containsExactly("destroy");
    }

    @Test
    void statelessTypesInThePolicyStopBeingTreatedAsData() {
        String policy = "version: 1\ncatalog:\n  stateless: [aws_instance]\n";
        String replaceVm = change("aws_instance.web", "[\"delete\",\"create\"]", "{\"ami\":\"a\"}", "{\"ami\":\"b\"}");

        assertThat(check(null, replaceVm).findings()).extracting(Finding::rule).contains("stateful-destroy");
        assertThat(check(policy, replaceVm).findings()).extracting(Finding::rule).containsExactly("destroy");
    }

    @Test
    void customRuleFiresOnlyWhereItsConditionHolds() {
        String policy = "version: 1\ncustom_rules:\n  - id: no-public-acl\n    severity: high\n"
                + "    message: Buckets must stay private\n"
                + "    condition: 'change.type == \"aws_s3_bucket_acl\" && has(change.after.acl)"
                + " && change.after.acl == \"public-read\"'\n";

        CheckReport report = check(policy,
                change("aws_s3_bucket_acl.a", "[\"update\"]", "{\"acl\":\"private\"}", "{\"acl\":\"public-read\"}"),
                change("aws_s3_bucket_acl.b", "[\"update\"]", "{\"acl\":\"public-read\"}", "{\"acl\":\"private\"}"));

        assertThat(report.findings()).extracting(Finding::rule, Finding::address, Finding::message)
                .containsExactly(tuple("no-public-acl", "aws_s3_bucket_acl.a", "Buckets must stay private"));
        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void customDenyRuleUsesCatalogCategoryAndWorkspace() {
        String policy = "version: 1\ncustom_rules:\n  - id: no-db-delete-in-prod\n    severity: deny\n"
                + "    message: Databases are never deleted in prod\n"
                + "    condition: 'change.category == \"relational\" && \"delete\" in change.actions"
                + " && plan.workspace == \"prod\"'\n";

        assertThat(checkIn(policy, "prod", "{}", dbDelete("aws_db_instance.a")).verdict()).isEqualTo(Verdict.DENY);
        assertThat(checkIn(policy, "dev", "{}", dbDelete("aws_db_instance.a")).verdict())
                .isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void customRuleThatCannotBeEvaluatedFailsClosed() {
        String policy = "version: 1\ncustom_rules:\n  - id: env-tag\n    severity: medium\n"
                + "    message: Production changes need a ticket\n"
                + "    condition: change.after.tags.env == \"prod\"\n";

        CheckReport report = check(policy, change("aws_security_group.a", "[\"update\"]", "{}", "{\"name\":\"a\"}"));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.findings()).singleElement().satisfies(f -> assertThat(f.message())
                .contains("could not be evaluated").contains("tags").contains("has("));
    }

    @Test
    void customRuleSeesSensitiveValuesOnlyAsMasked() {
        String policy = "version: 1\ncustom_rules:\n  - id: leak\n    severity: medium\n    message: m\n"
                + "    condition: change.after.password == \"hunter2\"\n"
                + "  - id: masked\n    severity: low\n    message: m\n"
                + "    condition: change.after.password == \"(sensitive)\"\n";
        String secretChange = "{\"address\":\"aws_db_instance.a\",\"mode\":\"managed\",\"type\":\"aws_db_instance\","
                + "\"name\":\"a\",\"provider_name\":\"" + AWS + "\",\"change\":{\"actions\":[\"update\"],"
                + "\"before\":{\"password\":\"old\"},\"after\":{\"password\":\"hunter2\"},"
                + "\"before_sensitive\":{\"password\":true},\"after_sensitive\":{\"password\":true}}}";

        CheckReport report = check(policy, secretChange);

        assertThat(report.findings()).extracting(Finding::rule).containsExactly("masked");
    }

    @Test
    void builtInPolicyStillGivesTheDocumentedDefaults() {
        Policy policy = Policy.builtIn();

        assertThat(policy.blockingSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(policy.approvals().required().get(Severity.HIGH).count()).isEqualTo(1);
        assertThat(policy.approvals().required().get(Severity.CRITICAL).count()).isEqualTo(2);
        assertThat(policy.approvals().authorMayApprove()).isFalse();
        assertThat(policy.source()).isEqualTo("built-in");
    }
}
