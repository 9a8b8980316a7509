package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.verdict.ExitCodes;
import org.junit.jupiter.api.Test;

class ExplainAndCatalogTest {

    @Test
    void explainWithoutARuleListsEveryRule() {
        Cli.Result result = cli().run("explain");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("stateful-destroy", "backup-destroy", "protection-weakened", "shared-blast-radius",
                "mass-destroy", "member-destroy", "forget", "moved", "unknown-action");
    }

    @Test
    void explainARuleShowsPurposeSeveritySettingsAndExamples() {
        Cli.Result result = cli().run("explain", "mass-destroy");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Severity: high (needs sign-off)").contains("max_deletions: 25")
                .contains("Examples:");
    }

    @Test
    void explainingAnUnknownRuleIsAUsageError() {
        Cli.Result result = cli().run("explain", "no-such-rule");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("unknown rule \"no-such-rule\"");
    }

    @Test
    void catalogListsAProvidersTypesWithRoles() {
        Cli.Result result = cli().run("catalog", "--provider", "aws");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("aws_rds_cluster_instance").contains("member").contains("aws_backup_vault")
                .doesNotContain("google_");
    }

    @Test
    void catalogAsJsonCoversAtLeastThreeHundredTypes() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(cli().run("catalog", "--format", "json").out());

        assertThat(catalog.size()).isGreaterThanOrEqualTo(300);
        assertThat(catalog.get(0).has("role")).isTrue();
    }

    @Test
    void unknownProviderIsAUsageErrorThatListsTheKnownOnes() {
        Cli.Result result = cli().run("catalog", "--provider", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("aws").contains("kubernetes");
    }
}
