package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.backstop.core.testing.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The composite action (github-action/action.yml) and the example workflows in docs/github.md are consistent: every
 * expression names a declared input or step, every script parses, and the workflows use the action with valid
 * inputs, with the permissions the docs promise and verify before apply.
 */
class ActionDefinitionTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern INPUT = Pattern.compile("\\$\\{\\{\\s*inputs\\.([A-Za-z0-9_-]+)\\s*}}");
    private static final Pattern STEP = Pattern.compile("steps\\.([A-Za-z0-9_-]+)\\.outputs\\.([A-Za-z0-9_-]+)");

    @Test
    void theActionIsACompositeWithTheDocumentedInputsAndOutputs() throws Exception {
        JsonNode action = action();

        assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
        assertThat(names(action.path("inputs"))).contains("plan", "mode", "policy", "github-token", "name");
        assertThat(action.path("inputs").path("github-token").path("default").asText()).isEqualTo("${{ github.token }}");
        assertThat(action.path("inputs").path("mode").path("default").asText()).isEqualTo("check");
        assertThat(action.path("inputs").path("name").path("default").asText()).isEqualTo("Backstop");
        assertThat(names(action.path("outputs"))).containsExactlyInAnyOrder("verdict", "fingerprint");
        action.path("inputs").fields().forEachRemaining(input -> assertThat(input.getValue().path("description")
                .asText()).as(input.getKey()).isNotBlank());
    }

    @Test
    void everyExpressionNamesADeclaredInputOrAnEarlierStep() throws Exception {
        String text = Files.readString(actionFile(), StandardCharsets.UTF_8);
        JsonNode action = action();
        Set<String> inputs = names(action.path("inputs"));

        Matcher input = INPUT.matcher(text);
        int found = 0;
        while (input.find()) {
            found++;
            assertThat(inputs).as("${{ inputs.%s }}", input.group(1)).contains(input.group(1));
        }
        assertThat(found).isGreaterThanOrEqualTo(inputs.size());

        Set<String> earlier = new HashSet<>();
        for (JsonNode step : action.path("runs").path("steps")) {
            Matcher reference = STEP.matcher(YAML.writeValueAsString(step));
            while (reference.find()) {
                assertThat(earlier).as("steps.%s used before it runs", reference.group(1)).contains(reference.group(1));
            }
            if (step.has("id")) {
                earlier.add(step.path("id").asText());
            }
        }
        action.path("outputs").fields().forEachRemaining(output -> {
            Matcher reference = STEP.matcher(output.getValue().path("value").asText());
            assertThat(reference.find()).isTrue();
            assertThat(earlier).contains(reference.group(1));
            assertThat(reference.group(2)).isEqualTo(output.getKey()); // the CLI writes verdict= and fingerprint=
        });
    }

    @Test
    void everyScriptStepHasAShellTakesNoInputInlineAndParses() throws Exception {
        for (JsonNode step : action().path("runs").path("steps")) {
            if (!step.has("run")) {
                assertThat(step.path("uses").asText()).matches("actions/(setup-java|cache)@v\\d+");
                continue;
            }
            String name = step.path("name").asText();
            assertThat(step.path("shell").asText()).as(name).isEqualTo("bash");
            assertThat(step.path("run").asText()).as(name).doesNotContain("${{");
            assertBashParses(step.path("run").asText());
        }
    }

    @Test
    void theBuildIsKeyedOnFilesThatExistAndBuildsTheJarTheScriptRuns() throws Exception {
        Path root = RepoFiles.root();
        for (String path : List.of("pom.xml", "core", "cli", "github-action", "policies")) {
            assertThat(root.resolve(path)).exists();
        }
        String all = Files.readString(actionFile(), StandardCharsets.UTF_8);
        assertThat(all).contains("mvn -B -q package -DskipTests -pl cli -am")
                .contains("cli/target/backstop.jar").contains("java -jar ~/.backstop/jar/backstop.jar");
    }

    @Test
    void theExampleWorkflowsUseTheActionWithValidInputs() throws Exception {
        Set<String> inputs = names(action().path("inputs"));
        List<JsonNode> workflows = workflows();
        assertThat(workflows).hasSize(3);
        int uses = 0;
        for (JsonNode workflow : workflows) {
            for (JsonNode job : iterable(workflow.path("jobs"))) {
                for (JsonNode step : job.path("steps")) {
                    if (!step.path("uses").asText().matches("[^/]+/[^/]+/github-action@.+")) {
                        continue;
                    }
                    uses++;
                    assertThat(names(step.path("with"))).isSubsetOf(inputs);
                    String mode = step.path("with").path("mode").asText("check");
                    assertThat(mode).isIn("check", "verify");
                    if (mode.equals("verify")) {
                        assertThat(step.path("with").path("plan").asText()).isNotBlank();
                    }
                }
            }
        }
        assertThat(uses).isEqualTo(3);
    }

    @Test
    void thePlanWorkflowHasThePermissionsAndTheApplyWorkflowVerifiesFirst() throws Exception {
        List<JsonNode> workflows = workflows();
        JsonNode plan = workflows.get(0);
        JsonNode approvals = workflows.get(1);
        JsonNode apply = workflows.get(2);

        assertThat(names(plan.path("on"))).containsExactly("pull_request");
        assertThat(plan.path("permissions").path("checks").asText()).isEqualTo("write");
        assertThat(plan.path("permissions").path("pull-requests").asText()).isEqualTo("read");
        assertThat(plan.path("permissions").path("contents").asText()).isEqualTo("read");

        assertThat(names(approvals.path("on"))).containsExactlyInAnyOrder("pull_request_review", "issue_comment");
        assertThat(approvals.path("permissions").path("checks").asText()).isEqualTo("write");

        List<String> steps = new ArrayList<>();
        for (JsonNode step : apply.path("jobs").path("apply").path("steps")) {
            steps.add(step.path("with").path("mode").asText("") + "|" + step.path("run").asText(""));
        }
        int verify = indexOf(steps, s -> s.startsWith("verify|"));
        int terraformApply = indexOf(steps, s -> s.contains("terraform apply") && s.contains("plan.tfplan"));
        assertThat(verify).isGreaterThanOrEqualTo(0);
        assertThat(terraformApply).isGreaterThan(verify);
    }

    @Test
    void theReadmeLinksTheGithubDocs() throws Exception {
        assertThat(Files.readString(RepoFiles.root().resolve("README.md"))).contains("(docs/github.md)");
    }

    private static int indexOf(List<String> values, java.util.function.Predicate<String> test) {
        for (int i = 0; i < values.size(); i++) {
            if (test.test(values.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<JsonNode> workflows() throws Exception {
        String doc = Files.readString(RepoFiles.root().resolve("docs/github.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<JsonNode> workflows = new ArrayList<>();
        while (block.find()) {
            JsonNode node = YAML.readTree(block.group(1)); // every block is valid YAML
            if (node.has("jobs")) {
                workflows.add(node);
            }
        }
        return workflows;
    }

    private static void assertBashParses(String script) throws Exception {
        Path bash = Path.of("/bin/bash");
        if (!Files.isExecutable(bash)) {
            return;
        }
        Process process = new ProcessBuilder(bash.toString(), "-n").redirectErrorStream(true).start();
        process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Path actionFile() {
        return RepoFiles.root().resolve("github-action/action.yml");
    }

    private static JsonNode action() throws Exception {
        return YAML.readTree(actionFile().toFile());
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return () -> {
            Iterator<JsonNode> values = node.elements();
            return values;
        };
    }
}
