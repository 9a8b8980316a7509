package dev.backstop.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.verdict.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad policies are refused at load with file:line:column; good ones extend the built-in policy. */
class PolicyLoaderTest {
    static String errorOf(String text) {
        try {
            Policy.parse("p.yml", text);
        } catch (PolicyException e) {
            return e.getMessage();
        }
        throw new AssertionError("the policy was accepted:\n" + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        unknown top-level key           | version: 1\\nrulez: {}                                   | p.yml:2:1: unknown key "rulez" in the policy
        unknown key inside a rule       | version: 1\\nrules:\\n  destroy:\\n    sevrity: high          | p.yml:4:5: unknown key "sevrity" in rules.destroy
        unknown rule                    | version: 1\\nrules:\\n  destroy-all: {severity: high}        | p.yml:3:3: unknown rule "destroy-all"
        setting of another rule         | version: 1\\nrules:\\n  destroy: {max_deletions: 3}          | p.yml:3:13: unknown key "max_deletions"
        wrong type for severity         | version: 1\\nrules:\\n  destroy: {severity: 3}               | p.yml:3:23: rules.destroy.severity: unknown severity "3"
        unknown severity                | version: 1\\nblocking_severity: severe                     | p.yml:2:20: blocking_severity: unknown severity "severe"
        percent out of range            | version: 1\\nrules:\\n  mass-destroy: {max_percent: 150}     | p.yml:3:31: rules.mass-destroy.max_percent must be between 1 and 100, not 150
        missing version                 | blocking_severity: high                                    | p.yml:1:1: a policy needs "version"
        future version                  | version: 2                                                 | p.yml:1:10: policy version 2 is not supported
        version as text                 | version: one                                               | p.yml:1:10: version must be a whole number, not a string
        not a mapping                   | - version: 1                                               | p.yml:1:1: a policy must be a mapping
        duplicate key                   | version: 1\\nversion: 1                                     | p.yml:2:1: duplicate key "version" (first written at line 1)
        scalar anchor                   | version: 1\\nblocking_severity: &s high                    | p.yml:2:20: YAML anchors
        mapping anchor and alias        | version: 1\\nrules:\\n  destroy: &d {severity: high}\\n  member-destroy: *d | p.yml:3:12: YAML anchors
        bad YAML                        | version: 1\\nrules: [\\n                                   | p.yml:
        protect without reason          | version: 1\\nprotect:\\n  - address: aws_db_instance.a      | p.yml:3:5: a protect entry needs "reason"
        protect with bad address        | version: 1\\nprotect:\\n  - {address: "aws_db[0", reason: r} | p.yml:3:15: address "aws_db[0" is not a valid address pattern: a [ is not closed
        protect with bad type           | version: 1\\nprotect:\\n  - {type: "AWS DB", reason: r}      | p.yml:3:12: type "AWS DB" must not contain spaces
        protect matching nothing        | version: 1\\nprotect:\\n  - {reason: r}                       | p.yml:3:5: a protect entry needs an address or a type
        exemption without expiry        | version: 1\\nexempt:\\n  - {rule: destroy, reason: r, owner: o} | p.yml:3:5: an exemption (exemptions must end) needs "expires"
        exemption with bad date         | version: 1\\nexempt:\\n  - {rule: destroy, reason: r, owner: o, expires: 31/12/2026} | p.yml:3:51: expires must be a date written YYYY-MM-DD
        exemption of an unknown rule    | version: 1\\nexempt:\\n  - {rule: nope, reason: r, owner: o, expires: 2027-01-01} | p.yml:3:12: unknown rule "nope"
        environment matching nothing    | version: 1\\nenvironments:\\n  prod: {production: true}      | p.yml:3:9: environments.prod matches nothing
        environment production as text  | version: 1\\nenvironments:\\n  prod: {production: yes-ish, workspaces: [prod]} | p.yml:3:22: production must be true or false, not a string
        module that is not a module     | version: 1\\nenvironments:\\n  prod: {modules: [aws_db.x]}  | p.yml:3:20: module "aws_db.x" must be a module address
        unknown approver group          | version: 1\\napprovals:\\n  required:\\n    high: {count: 1, from: [dbas]} | p.yml:4:29: unknown approver group "dbas"
        unknown principal kind          | version: 1\\napprovals:\\n  groups:\\n    dba: [gitlab:alice]  | p.yml:4:11: unknown principal kind "gitlab:"
        github team without org         | version: 1\\napprovals:\\n  groups:\\n    dba: [github-team:dba] | p.yml:4:11: a GitHub team is written github-team:ORG/TEAM
        duration too long to count      | version: 1\\napprovals:\\n  max_age: 99999999999999999999d   | p.yml:3:12: max_age must be at most 3650d
        github team without a team      | version: 1\\napprovals:\\n  groups:\\n    dba: [github-team:acme/] | p.yml:4:11: a GitHub team is written github-team:ORG/TEAM
        bad duration                    | version: 1\\napprovals:\\n  max_age: 1 day                    | p.yml:3:12: max_age must be a duration such as 30m, 24h, 7d or 2w
        approvals for info              | version: 1\\napprovals:\\n  required: {info: 1}              | p.yml:3:14: approvals.required: info findings never need approval
        catalog category for the role   | version: 1\\ncatalog:\\n  backup:\\n    - {type: acme_vault, category: relational} | p.yml:4:36: category "relational" is not one of
        catalog type that is not a type | version: 1\\ncatalog:\\n  stateless: [Instance]              | p.yml:3:15: "Instance" is not a resource type
        custom rule shadowing built-in  | version: 1\\ncustom_rules:\\n  - {id: destroy, severity: high, message: m, condition: "true"} | p.yml:3:10: "destroy" is a built-in rule
        custom rule id with capitals    | version: 1\\ncustom_rules:\\n  - {id: NoDrop, severity: high, message: m, condition: "true"} | p.yml:3:10: rule id "NoDrop" must be lowercase
        custom rule defined twice       | version: 1\\ncustom_rules:\\n  - {id: a, severity: high, message: m, condition: "true"}\\n  - {id: a, severity: low, message: m, condition: "true"} | p.yml:4:10: custom rule "a" is defined twice
        """)
    void badPolicyIsRefusedWithItsPosition(String name, String text, String expected) {
        assertThat(errorOf(text.replace("\\n", "\n"))).startsWith(expected.strip().split(": ", 2)[0])
                .contains(expected.strip().contains(": ") ? expected.strip().split(": ", 2)[1] : "");
    }

    @Test
    void celSyntaxErrorPointsIntoAPlainCondition() {
        String text = "version: 1\ncustom_rules:\n  - id: r\n    severity: high\n    message: m\n"
                + "    condition: change.type ==\n";

        assertThat(errorOf(text)).startsWith("p.yml:6:30: condition does not compile:");
    }

    @Test
    void celErrorPointsIntoAQuotedCondition() {
        String text = "version: 1\ncustom_rules:\n  - id: r\n    severity: high\n    message: m\n"
                + "    condition: \"change.type == nope\"\n";

        assertThat(errorOf(text)).startsWith("p.yml:6:32: condition does not compile: undeclared reference to 'nope'");
    }

    @Test
    void celErrorPointsIntoTheRightLineOfABlockCondition() {
        String text = "version: 1\ncustom_rules:\n  - id: r\n    severity: high\n    message: m\n"
                + "    condition: |\n      change.type == \"aws_s3_bucket\" &&\n        frobnicate(change.after)\n";

        assertThat(errorOf(text)).startsWith("p.yml:8:19: condition does not compile: undeclared reference to"
                + " 'frobnicate'");
    }

    @Test
    void conditionThatIsNotTrueOrFalseIsRefused() {
        String text = "version: 1\ncustom_rules:\n  - {id: r, severity: high, message: m, condition: \"1 + 2\"}\n";

        assertThat(errorOf(text)).contains("expected type 'bool' but found 'int'");
    }

    @Test
    void emptyPolicyIsRefused() {
        assertThat(errorOf("")).isEqualTo("p.yml:1:1: the policy is empty; it needs at least \"version: 1\"");
        assertThat(errorOf("# only a comment\n")).contains("the policy is empty");
    }

    @Test
    void userValuesOverrideTheBuiltInOnesAndSayWhere() {
        Policy policy = Policy.parse("team.yml", "version: 1\nblocking_severity: high\nrules:\n"
                + "  mass-destroy:\n    max_deletions: 10\napprovals:\n  required:\n    critical: 3\n  max_age: 24h\n");

        assertThat(policy.blockingSeverity()).isEqualTo(Severity.HIGH);
        assertThat(policy.origin("blocking_severity")).isEqualTo("team.yml:2:20");
        assertThat(policy.setting("mass-destroy", "max_deletions")).isEqualTo(10);
        assertThat(policy.origin("rules.mass-destroy.max_deletions")).isEqualTo("team.yml:5:20");
        assertThat(policy.setting("mass-destroy", "max_percent")).isEqualTo(50);
        assertThat(policy.origin("rules.mass-destroy.max_percent")).isEqualTo("built-in policies/rules.yml");
        assertThat(policy.approvals().required().get(Severity.CRITICAL).count()).isEqualTo(3);
        assertThat(policy.approvals().required().get(Severity.HIGH).count()).isEqualTo(1);
        assertThat(policy.origin("approvals.required.high")).startsWith("built-in policies/default-policy.yml:");
        assertThat(policy.approvals().maxAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void singleValueIsAcceptedWhereAListIs() {
        Policy policy = Policy.parse("p.yml", "version: 1\nenvironments:\n  prod:\n    production: true\n"
                + "    workspaces: prod\n");

        assertThat(policy.environments().get(0).matchesWorkspace("prod")).isTrue();
    }

    @Test
    void showPrintsAPolicyThatReadsBackToTheSameDecisions() {
        Policy policy = Policy.parse("team.yml", """
                version: 1
                blocking_severity: high
                rules:
                  destroy: {severity: medium}
                  member-destroy: {enabled: false}
                  mass-destroy: {max_percent: 30}
                environments:
                  production:
                    production: true
                    workspaces: [prod]
                    tags: {env: [prod]}
                    providers: [aws.prod]
                    approvals: {critical: 3}
                protect:
                  - {address: "module.db.aws_db_instance.orders", reason: "orders: \\"customer\\" data"}
                exempt:
                  - {rule: stateful-destroy, type: aws_db_instance, reason: scratch, owner: data, expires: 2020-01-01}
                approvals:
                  groups: {leads: ["github:octocat", "github-team:acme/dba"]}
                  required: {critical: {count: 2, from: [leads]}}
                catalog:
                  stateful: [{type: acme_database, category: relational}]
                  stateless: [aws_instance]
                custom_rules:
                  - id: no-public
                    severity: deny
                    message: never public
                    condition: |
                      has(change.after.acl) &&
                      change.after.acl == "public-read"
                """);

        String shown = PolicyDescription.describe(policy, LocalDate.of(2026, 11, 21));
        Policy again = Policy.parse("shown.yml", shown);

        assertThat(shown).contains("max_percent: 30").contains("# team.yml:").contains("# built-in policies/rules.yml")
                .contains("EXPIRED");
        assertThat(PolicyDescription.describe(again, LocalDate.of(2026, 11, 21)).replaceAll("# .*", ""))
                .isEqualTo(shown.replaceAll("# .*", "").replace("extended by team.yml", "extended by shown.yml"));
        assertThat(again.customRules().get(0).condition()).isEqualTo(policy.customRules().get(0).condition());
    }

    @Test
    void discoveryFindsThePolicyBesideTheUserThenAtTheGitRoot(@TempDir Path repo) throws IOException {
        Files.createDirectory(repo.resolve(".git"));
        Path stack = Files.createDirectories(repo.resolve("stacks/prod"));
        assertThat(PolicyFiles.discover(stack)).isEmpty();

        Files.writeString(repo.resolve(".backstop.yml"), "version: 1\n");
        assertThat(PolicyFiles.discover(stack)).contains(repo.resolve(".backstop.yml"));

        Files.writeString(stack.resolve(".backstop.yml"), "version: 1\n");
        assertThat(PolicyFiles.discover(stack)).contains(stack.resolve(".backstop.yml"));
    }

    @Test
    void namedPolicyThatDoesNotExistIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyFiles.resolve(Path.of("missing.yml"), dir))
                .isInstanceOf(BackstopException.class).hasMessageContaining("missing.yml does not exist");
    }

    @Test
    void policyThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.yml");
        Files.write(file, new byte[] {'v', ':', ' ', (byte) 0xff, '\n'});

        assertThatThrownBy(() -> Policy.load(file)).hasMessageContaining("is not UTF-8 text");
    }
}
