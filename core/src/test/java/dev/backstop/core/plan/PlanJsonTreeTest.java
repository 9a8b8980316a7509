package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.fingerprint.CanonicalJson;
import dev.backstop.core.testing.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reader builds its trees itself ({@link PlanJson#readTree}) rather than start an ObjectMapper; the trees must
 * be the mapper's, node class for node class (an int node and a long node of the same number are different to
 * the fingerprint's encoder), on every plan of the repository and the corpus and on numbers at every edge.
 */
class PlanJsonTreeTest {

    @TestFactory
    Stream<DynamicTest> treesAreTheMappersOnEveryPlan() throws IOException {
        List<Path> plans = new ArrayList<>();
        Path root = RepoFiles.root();
        Path corpus = root.resolveSibling("shared").resolve("corpus");
        for (Path dir : List.of(root.resolve("testdata"), corpus)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(plans::add);
                }
            }
        }
        return plans.stream().map(plan -> DynamicTest.dynamicTest(root.relativize(plan).toString(), () -> {
            byte[] bytes = Files.readAllBytes(plan);
            JsonNode expected;
            try {
                expected = PlanJson.mapper().readTree(bytes);
            } catch (IOException e) {
                return; // not JSON (the error cases): nothing to compare
            }
            assertSameTree(ours(bytes), expected, "$");
        }));
    }

    @Test
    void numbersAtEveryEdgeAreTheMappersNumbers() throws IOException {
        String json = "[0,-0,1,-1,2147483647,2147483648,-2147483648,-2147483649,9223372036854775807,"
                + "9223372036854775808,-9223372036854775809,18446744073709551616,1.0,1.50,-0.0,0.1,1e3,1E-3,2.5e+10,"
                + "123456789012345678901234567890.123456789012345678901234567890,{\"a\":{\"b\":[[],{}]}},\"\\u00e9\\ud83d\\ude00\"]";
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertSameTree(ours(bytes), PlanJson.mapper().readTree(bytes), "$");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsTheMapperRefusesIt() {
        assertThatThrownBy(() -> ours("{\"a\":{\"b\":1,\"b\":1}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .satisfies(e -> assertThat(PlanReader.translate((IOException) e).getMessage())
                        .startsWith("the plan is ambiguous: a key appears twice in one object (line 1, column "));
    }

    private static JsonNode ours(byte[] bytes) throws IOException {
        try (JsonParser parser = PlanJson.factory().createParser(bytes)) {
            parser.nextToken();
            return PlanJson.readTree(parser);
        }
    }

    private static void assertSameTree(JsonNode actual, JsonNode expected, String path) {
        assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
        assertThat(actual).as(path).isEqualTo(expected);
        if (expected.isNumber()) {
            assertThat(actual.numberValue()).as(path).isEqualTo(expected.numberValue());
        }
        if (expected.isContainerNode()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            if (expected.isObject()) {
                Iterator<String> names = expected.fieldNames();
                Iterator<String> ours = actual.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    assertThat(ours.next()).as(path + " key order").isEqualTo(name);
                    assertSameTree(actual.get(name), expected.get(name), path + "." + name);
                }
            } else {
                for (int i = 0; i < expected.size(); i++) {
                    assertSameTree(actual.get(i), expected.get(i), path + "[" + i + "]");
                }
            }
        }
        assertThat(CanonicalJson.toBytes(actual)).as(path).isEqualTo(CanonicalJson.toBytes(expected));
    }
}
