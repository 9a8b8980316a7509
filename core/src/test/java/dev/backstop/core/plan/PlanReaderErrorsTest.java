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
}
