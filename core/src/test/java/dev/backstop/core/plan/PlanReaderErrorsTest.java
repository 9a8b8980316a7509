package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.RepoFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every input that is not a usable plan fails with one line that says what it is. */
class PlanReaderErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty.json              | the plan is empty",
        "truncated.json          | the plan JSON is truncated",
        "not-json.txt            | not valid JSON (line 1, column",
        "not-an-object.json      | not a Terraform plan: the input is a list",
        "state.json              | this is the JSON of a state",
        "hcp-redacted.json       | HCP Terraform's redacted plan format",
        "plan-json-events.jsonl  | `terraform plan -json` event output",
        "format-2.json           | unsupported plan format_version 2.0",
        "actions-as-string.json  | change.actions is a string",
        "duplicate-key.json      | the plan is ambiguous",
    })
    void rejectsInputThatIsNotAUsablePlan(String file, String message) {
        assertThatThrownBy(() -> Plans.read(RepoFiles.plan(file)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining(message)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":{}}                | \"resource_changes\" is an object",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[null]}            | resource_changes[0] is null",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":null}]} | \"change\" is null",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":{\"actions\":[]}}]} | change.actions is a list, expected a non-empty",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":{\"actions\":[1]}}]} | change.actions holds a number",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"type\":\"a\",\"change\":{\"actions\":[\"delete\"]}}]} | \"address\" is missing",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"errored\":\"yes\"}                        | \"errored\" is a string",
        "{\"format_version\":1.2,\"planned_values\":{}}                                            | \"format_version\" is a number",
        "{\"format_version\":\"one\",\"planned_values\":{}}                                        | unsupported plan format_version",
        "{\"planned_values\":{}}                                                                   | no \"format_version\"",
        "{\"format_version\":\"1.0\"}                                                              | no \"planned_values\"",
        "{\"version\":4,\"serial\":3,\"lineage\":\"x\",\"resources\":[]}                            | raw state file",
        "{\"format_version\":\"1.2\",\"planned_values\":{}} {\"format_version\":\"1.2\"}            | more JSON follows the plan object",
        "{\"format_version\":\"1.2\",\"planned_values\":{},\"x\":NaN}                               | not valid JSON",
    })
    void rejectsPlansThatLieAboutTheirShape(String json, String message) {
        assertThatThrownBy(() -> Plans.read(json))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> Plans.read(dir))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void rejectsAMissingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Plans.read(dir.resolve("nope.json")))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void rejectsGzipWithAHint(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("plan.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
            out.write(java.nio.file.Files.readAllBytes(RepoFiles.plan("delete.json")));
        }

        assertThatThrownBy(() -> Plans.read(gz))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("gzip-compressed");
    }

    /** Wherever a value is taken from, a key given twice is refused: a second "actions" could hide a delete. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plan keys        | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[],\"resource_changes\":[]}",
        "entry keys       | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"address\":\"a.c\",\"change\":{\"actions\":[\"delete\"]}}]}",
        "change keys      | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":{\"actions\":[\"delete\"],\"actions\":[\"no-op\"]}}]}",
        "value tree       | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\",\"type\":\"a\",\"change\":{\"actions\":[\"update\"],\"before\":{\"x\":{\"y\":1,\"y\":2}}}}]}",
        "configuration    | {\"format_version\":\"1.2\",\"planned_values\":{},\"configuration\":{\"root_module\":{},\"root_module\":{}}}",
        "module calls     | {\"format_version\":\"1.2\",\"planned_values\":{},\"configuration\":{\"root_module\":{\"module_calls\":{\"a\":{},\"a\":{}}}}}",
        "config resource  | {\"format_version\":\"1.2\",\"planned_values\":{},\"configuration\":{\"root_module\":{\"resources\":[{\"address\":\"a.b\",\"address\":\"a.c\"}]}}}",
    })
    void refusesAKeyGivenTwiceWhereverAValueIsRead(String where, String json) {
        assertThatThrownBy(() -> dev.backstop.core.check.PlanCheck.defaults().run(
                PlanSource.stdin(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                null))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith("the plan is ambiguous: a key appears twice in one object (line 1, column ");
    }

    /** The values of an unchanged resource are skipped unread by the check, but their keys are still counted. */
    @Test
    void refusesAValueGivenTwiceInAnUnchangedResourceWhoseValuesAreSkipped() {
        String json = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a_b.c\","
                + "\"mode\":\"managed\",\"type\":\"a_b\",\"change\":{\"actions\":[\"no-op\"],\"before\":{},\"before\":{}}}]}";

        assertThatThrownBy(() -> dev.backstop.core.check.PlanCheck.defaults().run(
                PlanSource.stdin(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                null))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith("the plan is ambiguous");
    }

    /**
     * The trade-off docs/performance.md records: sections the reader never takes a value from are not searched for
     * duplicate keys (that cost a seventh of the time of a large plan), since a duplicate there cannot change what
     * is judged.
     */
    @Test
    void aDuplicateKeyInASectionNeverReadIsNotAnError() {
        Plans.Read read = Plans.read("{\"format_version\":\"1.2\",\"planned_values\":{\"x\":1,\"x\":2},"
                + "\"prior_state\":{\"values\":{\"root_module\":{},\"root_module\":{}}},\"resource_changes\":[]}");

        org.assertj.core.api.Assertions.assertThat(read.info().changeCount()).isZero();
    }
}
