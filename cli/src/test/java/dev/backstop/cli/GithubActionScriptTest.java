package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.backstop.core.testing.RepoFiles;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The action's script calls the CLI only with options the github subcommands have. */
class GithubActionScriptTest {
    @Test
    void everyOptionTheActionPassesExists() throws Exception {
        JsonNode action = new ObjectMapper(new YAMLFactory()).readTree(RepoFiles.root()
                .resolve("github-action/action.yml").toFile());
        String script = null;
        for (JsonNode step : action.path("runs").path("steps")) {
            if ("backstop".equals(step.path("id").asText())) {
                script = step.path("run").asText();
            }
        }
        assertThat(script).contains("args=(github \"$BACKSTOP_MODE\"");
        Set<String> options = new LinkedHashSet<>();
        Matcher option = Pattern.compile("(--[a-z][a-z-]+)").matcher(script);
        while (option.find()) {
            options.add(option.group(1));
        }
        assertThat(options).contains("--plan", "--name", "--policy", "--pr", "--config-dir");

        CommandLine github = new CommandLine(GithubCommand.class);
        CommandLine check = github.getSubcommands().get("check");
        CommandLine verify = github.getSubcommands().get("verify");
        for (String name : options) {
            assertThat(check.getCommandSpec().findOption(name)).as("github check %s", name).isNotNull();
            if (!name.equals("--config-dir")) {
                assertThat(verify.getCommandSpec().findOption(name)).as("github verify %s", name).isNotNull();
            }
        }
        assertThat(script).contains("if [ \"$BACKSTOP_MODE\" = check ]; then args+=(--config-dir");
    }
}
