package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.core.JsonFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SkippingParser} and {@link SectionCheck}: a plan whose unread sections and unread values are skipped
 * outside the parser's token loop reads exactly as Jackson alone reads it, refusals and their places included,
 * wherever chunk edges fall ({@link SectionReading}).
 */
class SkippingParserTest {
    private static final String CHANGE = "{\"address\":\"aws_db_instance.orders\",\"mode\":\"managed\","
            + "\"type\":\"aws_db_instance\",\"name\":\"orders\",\"change\":{\"actions\":[\"delete\"],"
            + "\"before\":{\"identifier\":\"orders\"},\"after\":null}}";

    /** An unchanged resource: {@link SectionReading} declines its values, so they are skipped. */
    private static String unchanged(String before, String after) {
        return "{\"address\":\"aws_instance.web\",\"mode\":\"managed\",\"type\":\"aws_instance\",\"name\":\"web\","
                + "\"change\":{\"actions\":[\"no-op\"],\"before\":" + before + ",\"after\":" + after + "}}";
    }

    private static String plan(String plannedValues, String priorState) {
        return "{\"format_version\":\"1.2\",\"planned_values\":" + plannedValues + ",\"resource_changes\":[" + CHANGE
                + "],\"prior_state\":" + priorState + ",\"configuration\":{\"root_module\":{}}}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAPlanWhoseSectionsAreSkippedAsJacksonReadsIt() {
        String plan = plan("{\"root_module\":{\"resources\":[{\"a\":1}]}}", "[1, {\"b\": [true, null]}]");

        assertThat(SectionReading.skipping(utf8(plan), ReadAheadInputStream.CHUNK).result())
                .startsWith("read ").contains("address=aws_db_instance.orders").contains("actions=[delete]");
        SectionReading.assertSame(utf8(plan));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 64, 200})
    void chunkEdgesChangeNothing(int chunk) {
        String plan = plan("{\"root_module\":{\"resources\":[{\"a\":-1.5e+3,\"b\":\"x\\u00e9\\\"y\"}]}}",
                "{\"values\":{\"k\":[0, false, \"\\\\\"]}}");

        SectionReading.assertSame(utf8(plan), chunk);
    }

    @Test
    void checkStopsAtTheSectionsClosingBracketWhereverTheBytesAreSplit() {
        byte[] section = utf8("\"a\": [1, {\"b\": \"}]\"}], \"c\": -0.5e-7 } , \"after\": 1}");
        int closing = new String(section, StandardCharsets.UTF_8).indexOf(" , ") - 1;
        for (int split = 0; split <= closing; split++) {
            SectionCheck check = new SectionCheck(true, 2, 0, 1, 0);

            int first = check.scan(section, 0, split);
            int stop = first >= 0 ? first : check.scan(section, split, section.length);

            assertThat(stop).as("split at %d", split).isEqualTo(closing);
        }
    }

    /** Strings are scanned eight bytes at a time: the first quote, backslash or control byte is found wherever it is. */
    @Test
    void findsTheEndOfAStringAtEveryPlaceInAWord() {
        String letters = "ab\u00e9cdefghijklmnopqrstuvwxyz0123456789\u20acABCDEFGH";
        for (int length = 0; length < letters.length(); length++) {
            String text = letters.substring(0, length);
            int bytes = utf8(text).length;
            byte[] valid = utf8("[\"" + text + "\",\"" + text + "\\n" + text + "\"]");
            byte[] control = utf8("[\"" + text + "\u0001\"]");

            assertThat(new SectionCheck(false, 2, 1, 1, 0).scan(valid, 1, valid.length)).as(text)
                    .isEqualTo(valid.length - 1);
            assertThatThrownBy(() -> new SectionCheck(false, 2, 1, 1, 0).scan(control, 1, control.length)).as(text)
                    .hasMessage("not valid JSON (line 1, column " + (bytes + 3) + "): illegal unquoted character");
        }
    }

    @Test
    void skipsASectionLargerThanTheParsersBufferAndManyChunks() {
        StringBuilder values = new StringBuilder("{\"root_module\":{\"resources\":[");
        for (int i = 0; i < 5_000; i++) {
            values.append(i == 0 ? "" : ",\n").append("{\"address\":\"x.y[").append(i).append("]\",\"values\":{\"n\":")
                    .append(i).append(",\"s\":\"\\u00e9t\\u00e9\"}}");
        }
        String valid = values + "]}}";
        String broken = values + ",]}}";

        for (int chunk : new int[] {997, 8_000, ReadAheadInputStream.CHUNK}) {
            SectionReading.assertSame(utf8(plan(valid, valid)), chunk);
            SectionReading.assertSame(utf8(plan(broken, "{}")), chunk);
            SectionReading.assertSame(utf8(plan(valid, broken)), chunk);
            SectionReading.assertSame(utf8(plan(valid, "{\"a\":1}") + "\n\n {\"more\": 1}"), chunk);
        }
    }

    @Test
    void skipsTheValuesOfUnchangedResourcesAsJacksonReadsThem() {
        String values = "{\"tags\":{\"Name\":\"web\"},\"ports\":[80,443],\"note\":\"a \\\"quoted\\\" word\"}";
        String plan = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":["
                + unchanged(values, values) + "," + CHANGE + "," + unchanged("null", values) + "]}";

        assertThat(SectionReading.skipping(utf8(plan), ReadAheadInputStream.CHUNK).result())
                .contains("aws_db_instance.orders").contains("aws_instance.web");
        for (int chunk : new int[] {1, 5, 17, ReadAheadInputStream.CHUNK}) {
            SectionReading.assertSame(utf8(plan), chunk);
            SectionReading.assertSame(utf8(plan.replace("443]", "443,]")), chunk);
            SectionReading.assertSame(utf8(plan.replace("\"web\"}", "\"web\"}}")), chunk);
        }
    }

    /** Without this the differential tests would also pass if nothing were ever skipped outside the parser. */
    @Test
    void refusalsInsideSkippedValuesComeFromTheCheck() {
        String brokenSection = plan("{\"a\":[1,]}", "{}");
        String brokenValue = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":["
                + unchanged("{\"a\":01}", "null") + "]}";

        SectionReading.Outcome section = SectionReading.skipping(utf8(brokenSection), ReadAheadInputStream.CHUNK);
        SectionReading.Outcome value = SectionReading.skipping(utf8(brokenValue), ReadAheadInputStream.CHUNK);

        assertThat(section.byFilter()).as(section.result()).isTrue();
        assertThat(value.byFilter()).as(value.result()).isTrue();
        assertThat(SectionReading.jackson(utf8(brokenValue)).byFilter()).isFalse();
    }

    @Test
    void readsPlainUtf8WithTheSkippingParserAndLeavesMarksAndWideEncodingsToJackson() throws Exception {
        byte[] plain = utf8("{\"format_version\":\"1.2\"}");
        byte[] marked = utf8("\uFEFF{\"format_version\":\"1.2\"}");
        byte[] wide = "{\"format_version\":\"1.2\"}".getBytes(StandardCharsets.UTF_16LE);

        assertThat(parserFor(plain)).isEqualTo(SkippingParser.class);
        assertThat(parserFor(utf8("{"))).isEqualTo(SkippingParser.class);
        assertThat(parserFor(new byte[0])).isEqualTo(SkippingParser.class);
        assertThat(parserFor(marked)).isNotEqualTo(SkippingParser.class);
        assertThat(parserFor(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x4E, 0x2D, 0, 0x7B})).isNotEqualTo(SkippingParser.class);
        assertThat(parserFor(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x2D, 0x4E, 0x7B, 0})).isNotEqualTo(SkippingParser.class);
        assertThat(parserFor(wide)).isNotEqualTo(SkippingParser.class);
        for (byte[] plan : new byte[][] {plain, marked, wide}) {
            try (var parser = PlanJson.factory().createParser(new java.io.ByteArrayInputStream(plan))) {
                assertThat(parser.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_OBJECT);
                assertThat(parser.nextFieldName()).isEqualTo("format_version");
                assertThat(parser.nextTextValue()).isEqualTo("1.2");
            }
        }
        SectionReading.assertSame(utf8("\uFEFF" + plan("{\"a\":[1,]}", "{}")));
    }

    /** The skipped values are not checked for UTF-8: the bytes go through the strict UTF-8 stream whoever reads them. */
    @Test
    void refusesMalformedUtf8InASkippedValueWhenReadFromAnyStream() {
        byte[] plan = utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":\"x?\"}}");
        plan[plan.length - 4] = (byte) 0xFF;

        assertThatThrownBy(() -> new PlanReader().read(new java.io.ByteArrayInputStream(plan), change -> { }))
                .isInstanceOf(PlanException.class).hasMessageStartingWith("the plan is not valid UTF-8: byte 0xFF");
    }

    /**
     * Jackson reports a read of 0 bytes as a failure; putting back the bytes looked at first must not turn it into the
     * end of the input (a SequenceInputStream did: the plan read as truncated, or whole if it ended there).
     */
    @Test
    void aReadOfNothingAfterTheFirstBytesIsReportedAsJacksonReportsIt() {
        byte[] marked = utf8("\uFEFF{\"format_version\":\"1.2\",\"planned_values\":{}}");
        java.util.function.Supplier<java.io.InputStream> stalling = () -> new java.io.ByteArrayInputStream(marked) {
            private int reads;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return ++reads == 3 ? 0 : super.read(b, off, Math.min(len, 4));
            }
        };
        JsonFactory jackson = PlanJson.configured().build();

        String expected = SectionReading.Outcome.of(handler -> new PlanReader().read(
                () -> jackson.createParser(stalling.get()), handler)).result();
        String actual = SectionReading.Outcome.of(handler -> new PlanReader().read(stalling.get(), handler)).result();

        assertThat(expected).contains("returned 0");
        assertThat(actual).isEqualTo(expected);
    }

    private static Class<?> parserFor(byte[] bytes) throws java.io.IOException {
        try (var parser = PlanJson.factory().createParser(new java.io.ByteArrayInputStream(bytes))) {
            return parser.getClass();
        }
    }

    @Test
    void leavesAScalarSectionToTheParser() {
        SectionReading.assertSame(utf8(plan("null", "\"text\"")));
        SectionReading.assertSame(utf8(plan("1.5", "tru")));
    }

    @Test
    void treatsASectionWhoseKeyIsEscapedAsTheSameSection() {
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned\\u005fvalues\":{\"a\":01},"
                + "\"resource_changes\":[]}"));
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned\\u005fvalues\":{\"a\":1},"
                + "\"resource_changes\":[]}"));
    }

    @Test
    void readsAPlanThatIsNotAnObjectAsBefore() {
        SectionReading.assertSame(utf8("[{\"planned_values\":{\"a\":1}}]"));
    }

    @Test
    void leavesAnErrorBeforeASectionToTheParser() {
        // Outside the sections bytes are followed, not checked: the parser meets the bad escape before anything the
        // filter did after it, and refuses the plan there.
        SectionReading.assertSame(utf8("{\"format_version\":\"1.\\x2\",\"planned_values\":{\"a\":1}}"));
        SectionReading.assertSame(utf8("{\"format_version\":1.2.3,\"planned_values\":{\"a\":1}}"));
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\" \"planned_values\":{\"a\":1}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":-}",
        "{\"a\":NaN}", "{\"a\":tru}", "{\"a\":nul }", "{\"a\":1,}", "[1,]", "{,}", "{\"a\" 1}", "{'a':1}",
        "{\"a\":\"\\q\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}", "{\"a\":1]", "[1}", "{\"a\":1 /* c */}",
        "{\"a\":[1 2]}", "{]", "[}", "{\"a\":[1}}", "{\"a\":{}]", "{\"a\":\u0001}", "{\"a\":1}}", "{\"a\":x}", "{\"a\":-x}", "{\"a\":1e+}", "{\"a\":\"\\u00\"}",
        "{\"a\"\n:\r\n\r[1,\n\n 2,\n x]}", "{\"a\":\"\n\"}", "[+5]", "[+I]", "[-Ix]", "[-INF]", "[-Infinity]", "[+\n1]",
        "[+NaN]"})
    void refusesWhatJacksonRefusesWithTheSameMessage(String section) {
        SectionReading.assertSame(utf8(plan(section, "{}")));
        SectionReading.assertSame(utf8(plan("{}", section)));
        SectionReading.assertSame(utf8(plan(section, "{}")), 1);
        SectionReading.assertSame(utf8(plan(section, "{}")), 7);
    }

    @Test
    void placesAnErrorAfterASectionWhereItIsInTheFile() {
        // The contents taken out span lines; an error in the change after them must keep its line and column.
        String plan = "{\"format_version\":\"1.2\",\n\"planned_values\":{\n  \"a\": [1,\r\n 2],\n  \"b\": {}\n},"
                + " \"resource_changes\":[{\"address\":\"x\", \"mode\":nul}],\"prior_state\":{\"c\":3}}";

        assertThat(SectionReading.jackson(utf8(plan)).result()).contains("line 6, column");
        SectionReading.assertSame(utf8(plan));
        SectionReading.assertSame(utf8(plan), 3);
    }

    @Test
    void placesADuplicateKeyAfterTwoSectionsOnOneLine() {
        String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"a\":[1,2,3]},\"prior_state\":{\"b\":\"c\"},"
                + "\"resource_changes\":[{\"address\":\"x\",\"address\":\"y\"}]}";

        assertThat(SectionReading.jackson(utf8(plan)).result()).contains("appears twice").contains("line 1, column");
        SectionReading.assertSame(utf8(plan));
    }

    @Test
    void placesTheEndOfATruncatedSectionAtTheEndOfTheFile() {
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":[1,\n2"));
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":\"unfinished"), 5);
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":[1,"), 3);
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":1,\n"));
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":1."));
        SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":{\"a\":fal"));
        // A sign that could still start a number or "Infinity": Jackson reads on, so the end of the file decides.
        for (String end : new String[] {"[+", "{\"a\":+", "[1,+", "[+I", "[-I", "[-"}) {
            SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":" + end));
        }
        // Jackson checks a number's length where it ends, the end of the file too.
        String digits = "1".repeat(PlanJson.MAX_NUMBER_LENGTH + 1);
        for (String end : new String[] {"[" + digits, "[1." + digits, "[1e" + digits, "{\"a\":-" + digits, "[" + digits.substring(1)}) {
            SectionReading.assertSame(utf8("{\"format_version\":\"1.2\",\"planned_values\":" + end));
        }
    }

    @Test
    void keepsJacksonsLimitsInsideASection() {
        String deep = "[".repeat(PlanJson.MAX_NESTING_DEPTH - 2) + "]".repeat(PlanJson.MAX_NESTING_DEPTH - 2);
        String tooDeep = "[" + deep + "]";
        String longest = "1".repeat(PlanJson.MAX_NUMBER_LENGTH);
        String longestName = "k".repeat(PlanJson.MAX_NAME_LENGTH);

        SectionReading.assertSame(utf8(plan("{\"a\":" + deep + "}", "{}")));
        SectionReading.assertSame(utf8(plan("{\"a\":" + tooDeep + "}", "{}")));
        SectionReading.assertSame(utf8(plan("[" + longest + ", -" + longest + ", 0." + longest.substring(1) + "]", "{}")));
        SectionReading.assertSame(utf8(plan("[" + longest + "1]", "{}")));
        SectionReading.assertSame(utf8(plan("[1." + longest + "]", "{}")));
        SectionReading.assertSame(utf8(plan("[1e" + longest + "]", "{}")));
        SectionReading.assertSame(utf8(plan("{\"" + longestName + "\":1}", "{}")));
        SectionReading.assertSame(utf8(plan("{\"" + longestName + "k\":1}", "{}")));
        SectionReading.assertSame(utf8(plan("{\"" + longestName.substring(2) + "\\u00e9\":1}", "{}")));
        SectionReading.assertSame(utf8(plan("{\"" + longestName.substring(2) + "\\u20ac\":1}", "{}")));
        SectionReading.assertSame(utf8(plan("{\"" + longestName.substring(1) + "é\":1}", "{}")));
    }

    /**
     * Random sections, valid and broken, read both ways under random chunking: never a difference. A longer hunt:
     * {@code -Dbackstop.differential.plans=1000000}.
     */
    @Test
    void readsRandomPlansExactlyAsJacksonDoes() {
        long plans = Long.getLong("backstop.differential.plans", 4_000);
        for (long seed = 0; seed < plans; seed++) {
            RandomJson json = new RandomJson(seed);
            Random random = json.random();
            String planned = random.nextBoolean() ? "{\"root_module\":" + json.value(5) + "}" : json.value(5);
            String prior = random.nextBoolean() ? "{\"values\":" + json.value(4) + "}" : json.value(4);
            int where = random.nextInt(5);
            if (where == 0) {
                planned = json.mutate(planned);
            } else if (where == 1) {
                prior = json.mutate(prior);
            }
            String before = json.value(3);
            if (where == 3) {
                before = json.mutate(before);
            }
            String plan = "{" + json.space() + "\"format_version\":\"1.2\"," + json.space() + "\"planned_values\""
                    + json.space() + ":" + json.space() + planned + json.space() + ",\"resource_changes\":[" + CHANGE
                    + "," + unchanged(before, json.value(3)) + "]," + json.space() + "\"prior_state\":" + prior
                    + ",\"variables\":" + json.value(2) + json.space() + ",\"configuration\":{}}";
            if (where == 4) {
                plan = json.mutate(plan);
            }
            int chunk = switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(16);
                case 2 -> 1 + random.nextInt(300);
                default -> ReadAheadInputStream.CHUNK;
            };
            SectionReading.assertSame(utf8(plan), chunk);
        }
    }
}
