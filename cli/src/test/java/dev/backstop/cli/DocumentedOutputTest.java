package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backstop.core.testing.RepoFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples in docs/report-schema.md are real output: the documentation cannot drift from the code. */
class DocumentedOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> jsonBlocks() throws Exception {
        String doc = Files.readString(RepoFiles.root().resolve("docs/report-schema.md"));
        Matcher matcher = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @Test
    void successExampleIsTheReportOfTheReplacePlan() throws Exception {
        String actual = cli().run("check", RepoFiles.plan("replace.json").toString(), "--format", "json").out();

        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(jsonBlocks().get(0)));
    }

    @Test
    void errorExampleIsTheReportOfTheTruncatedPlan() throws Exception {
        String actual = cli().run("check", RepoFiles.plan("truncated.json").toString(), "--format", "json").out();

        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(jsonBlocks().get(1)));
    }
}
