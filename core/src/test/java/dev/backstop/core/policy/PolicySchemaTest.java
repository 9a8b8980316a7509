package dev.backstop.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/schema/backstop-policy.schema.json is what editors use to check a .backstop.yml as it is typed; the loader is
 * what Backstop actually enforces. These tests keep the two honest with each other: the shipped examples and the
 * default policy pass both, and the common mistakes are caught by both.
 */
class PolicySchemaTest {
    private static final String SCHEMA_PATH = "docs/schema/backstop-policy.schema.json";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schemaDocument;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schemaDocument = JSON.readTree(RepoFiles.root().resolve(SCHEMA_PATH).toFile());
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument, config);
    }

    static Stream<Path> examples() throws IOException {
        Path dir = RepoFiles.root().resolve("docs/examples");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> examples = files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
            assertThat(examples).as("examples in " + dir).isNotEmpty();
            return examples.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyShippedExampleIsValidForTheSchemaAndTheLoader(Path example) throws IOException {
        assertThat(Files.readString(example)).as("an example starts with a comment explaining it").startsWith("#");
        assertThat(validate(YAML.readTree(example.toFile()))).as("schema errors in " + example).isEmpty();

        Policy policy = Policy.load(example);

        assertThat(policy.source()).isEqualTo(example.toString());
    }

    @Test
    void examplesCoverEnvironmentsProtectApprovalsExemptionsCatalogAndCustomRules() throws IOException {
        Path dir = RepoFiles.root().resolve("docs/examples");
        Policy production = Policy.load(dir.resolve("production.yml"));
        Policy extended = Policy.load(dir.resolve("exemptions-and-custom-rules.yml"));

        assertThat(production.environments()).extracting(Environment::name).contains("production", "staging");
        assertThat(production.protect()).isNotEmpty();
        assertThat(production.approvals().groups()).containsKeys("dba", "platform", "security");
        assertThat(extended.exemptions()).isNotEmpty();
        assertThat(extended.extraKinds()).isNotEmpty();
        assertThat(extended.statelessTypes()).isNotEmpty();
        assertThat(extended.customRules()).extracting(CustomRule::deny).contains(true, false);
    }

    @Test
    void defaultPolicyIsValidForTheSchema() throws IOException {
        JsonNode defaults = YAML.readTree(RepoFiles.root().resolve("policies/default-policy.yml").toFile());

        assertThat(validate(defaults)).isEmpty();
    }

    /** A mistake, the policy, where the schema complains (a JSON pointer) and what the loader says. */
    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of("unknown top-level key", "version: 1\nblocking_severty: high\n",
                        "", "unknown key \"blocking_severty\""),
                Arguments.of("unknown rule", "version: 1\nrules:\n  stateful-destroi:\n    severity: high\n",
                        "/rules", "unknown rule \"stateful-destroi\""),
                Arguments.of("severity of the wrong type", "version: 1\nrules:\n  destroy:\n    severity: [high]\n",
                        "/rules/destroy/severity", "must be a single value, not a list"),
                Arguments.of("unknown severity", "version: 1\nblocking_severity: urgent\n",
                        "/blocking_severity", "unknown severity \"urgent\""),
                Arguments.of("info as blocking severity", "version: 1\nblocking_severity: info\n",
                        "/blocking_severity", "info findings are notes"),
                Arguments.of("setting on a rule without settings",
                        "version: 1\nrules:\n  destroy:\n    max_deletions: 3\n",
                        "/rules/destroy", "unknown key \"max_deletions\" in rules.destroy"),
                Arguments.of("percent out of range", "version: 1\nrules:\n  mass-destroy:\n    max_percent: 0\n",
                        "/rules/mass-destroy/max_percent", "must be between 1 and 100"),
                Arguments.of("exemption without expires",
                        "version: 1\nexempt:\n  - rule: destroy\n    reason: teardown\n    owner: web-team\n",
                        "/exempt/0", "needs \"expires\""),
                Arguments.of("exemption without a rule", "version: 1\nexempt:\n  - address: aws_instance.a\n"
                        + "    reason: teardown\n    owner: web-team\n    expires: 2099-12-31\n",
                        "/exempt/0", "needs the rule it exempts from"),
                Arguments.of("exemption with a bad date", "version: 1\nexempt:\n  - rule: destroy\n"
                        + "    reason: teardown\n    owner: web-team\n    expires: 31/12/2099\n",
                        "/exempt/0/expires", "must be a date written YYYY-MM-DD"),
                Arguments.of("protect without reason", "version: 1\nprotect:\n  - address: aws_db_instance.orders\n",
                        "/protect/0", "needs \"reason\""),
                Arguments.of("protect without address or type", "version: 1\nprotect:\n  - reason: orders\n",
                        "/protect/0", "needs an address or a type"),
                Arguments.of("address with an unclosed bracket",
                        "version: 1\nprotect:\n  - address: aws_db_instance.orders[0\n    reason: orders\n",
                        "/protect/0/address", "a [ is not closed"),
                Arguments.of("version 2", "version: 2\n", "/version", "policy version 2 is not supported"),
                Arguments.of("version missing", "blocking_severity: high\n", "", "needs \"version\""),
                Arguments.of("bad duration", "version: 1\napprovals:\n  max_age: 1 week\n",
                        "/approvals/max_age", "must be a duration"),
                Arguments.of("zero duration", "version: 1\napprovals:\n  max_age: 0d\n",
                        "/approvals/max_age", "longer than zero"),
                Arguments.of("unknown principal kind", "version: 1\napprovals:\n  groups:\n    dba: [gitlab:alice]\n",
                        "/approvals/groups/dba/0", "unknown principal kind \"gitlab:\""),
                Arguments.of("GitHub team without an organisation",
                        "version: 1\napprovals:\n  groups:\n    dba: [github-team:dba]\n",
                        "/approvals/groups/dba/0", "github-team:ORG/TEAM"),
                Arguments.of("approval count out of range", "version: 1\napprovals:\n  required:\n    high: 101\n",
                        "/approvals/required/high", "must be between 0 and 100"),
                Arguments.of("approvals for info findings", "version: 1\napprovals:\n  required:\n    info: 1\n",
                        "/approvals/required", "info findings never need approval"),
                Arguments.of("environment that matches nothing",
                        "version: 1\nenvironments:\n  prod:\n    production: true\n",
                        "/environments/prod", "matches nothing"),
                Arguments.of("module that is not a module address",
                        "version: 1\nenvironments:\n  prod:\n    modules: [prod]\n",
                        "/environments/prod/modules/0", "must be a module address"),
                Arguments.of("catalog type without a provider prefix",
                        "version: 1\ncatalog:\n  stateless: [database]\n",
                        "/catalog/stateless/0", "is not a resource type"),
                Arguments.of("catalog category of the wrong role",
                        "version: 1\ncatalog:\n  backup:\n    - type: acme_vault\n      category: relational\n",
                        "/catalog/backup/0/category", "category \"relational\" is not one of"),
                Arguments.of("custom rule id with capitals", "version: 1\ncustom_rules:\n  - id: No-Public-ACL\n"
                        + "    severity: high\n    message: m\n    condition: 'true'\n",
                        "/custom_rules/0/id", "must be lowercase letters, digits and dashes"),
                Arguments.of("custom rule named like a built-in rule", "version: 1\ncustom_rules:\n  - id: destroy\n"
                        + "    severity: high\n    message: m\n    condition: 'true'\n",
                        "/custom_rules/0/id", "is a built-in rule"),
                Arguments.of("custom rule without condition", "version: 1\ncustom_rules:\n  - id: no-public-acl\n"
                        + "    severity: deny\n    message: m\n",
                        "/custom_rules/0", "needs \"condition\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void invalidPolicyIsRejectedByBothTheSchemaAndTheLoader(String mistake, String text, String schemaLocation,
            String loaderMessage) throws IOException {
        assertThat(validate(YAML.readTree(text))).as("schema errors for: " + mistake)
                .extracting(message -> message.getInstanceLocation().toString()).contains(schemaLocation);
        assertThatThrownBy(() -> Policy.parse("test.yml", text)).as("loader for: " + mistake)
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("test.yml:")
                .hasMessageContaining(loaderMessage);
    }

    @Test
    void schemaIsValidJsonDeclaringDraft202012() throws IOException {
        String text = Files.readString(RepoFiles.root().resolve(SCHEMA_PATH));
        JsonNode document = JSON.readTree(text);

        assertThat(document.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(document.path("$id").asText())
                .isEqualTo("https://backstop.dev/schema/backstop-policy.schema.json");
        assertThat(document.path("required").toString()).isEqualTo("[\"version\"]");
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(java.net.URI.create("https://json-schema.org/draft/2020-12/schema"));
        assertThat(metaSchema.validate(document)).as("the schema against the draft 2020-12 meta-schema").isEmpty();
    }

    @Test
    void schemaListsEveryBuiltInRule() {
        Set<String> ids = new java.util.TreeSet<>();
        schemaDocument.path("properties").path("rules").path("properties").fieldNames().forEachRemaining(ids::add);

        assertThat(ids).containsExactlyInAnyOrderElementsOf(Policy.builtIn().ruleBook().infos().stream()
                .map(info -> info.id()).toList());
    }

    @Test
    void everyPropertyAndDefinitionCarriesATitleAndDescriptionForEditors() {
        List<String> missing = new java.util.ArrayList<>();
        collectUndocumented(schemaDocument, "#", missing);

        assertThat(missing).isEmpty();
    }

    /**
     * Every schema under properties, $defs or additionalProperties: editors show its title and description. Untitled
     * schemas with properties are constraints (the anyOf that asks for one of several keys), not documentation.
     */
    private static void collectUndocumented(JsonNode node, String where, List<String> missing) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndocumented(node.get(i), where + "/" + i, missing);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String path = where + "/" + key;
            if ((key.equals("properties") && node.has("title") || key.equals("$defs")) && value.isObject()) {
                value.fields().forEachRemaining(entry -> {
                    if (!entry.getValue().hasNonNull("title") || !entry.getValue().hasNonNull("description")) {
                        missing.add(path + "/" + entry.getKey());
                    }
                });
            }
            if (key.equals("additionalProperties") && value.isObject() && !value.has("$ref")
                    && (!value.hasNonNull("title") || !value.hasNonNull("description"))) {
                missing.add(path);
            }
            collectUndocumented(value, path, missing);
        });
    }

    private static Set<ValidationMessage> validate(JsonNode document) {
        return schema.validate(document);
    }
}
