package dev.backstop.core.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.plan.PlanJson;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The buffered encoder against a plain transcription of docs/fingerprint.md's rules (Java's own UTF-8 encoder,
 * keys sorted by code point), on the inputs where a hand-written encoder goes wrong: surrogate pairs and lone
 * surrogates, control characters, strings longer than the buffer with escapes across its boundary, unsorted and
 * already-sorted keys, numbers of every node type.
 */
class CanonicalJsonTest {
    private static final JsonNodeFactory NODES = PlanJson.mapper().getNodeFactory();

    @Test
    void stringsEncodeExactlyAsTheSpecificationSays() {
        List<String> strings = new ArrayList<>(List.of("", "plain", "\"quoted\" \\ back", "\b\f\n\r\t\u0000\u001f\u007f",
                "é ü ß €", "\ud83d\ude00 pair", "lone high \ud83d end", "lone low \ude00 end", "\ud83d", "\ude00\ud83d",
                "<&>\u2028\uffff"));
        Random random = new Random(7);
        for (int n = 0; n < 200; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
            strings.add(text.toString());
        }
        // Longer than the 64 KB buffer, with escapes and 4-byte characters straddling its boundary.
        strings.add("x".repeat(65_533) + "\n\ud83d\ude00é\"" + "y".repeat(70_000));
        strings.add("\u00e9".repeat(100_000));

        for (String s : strings) {
            assertThat(CanonicalJson.toBytes(NODES.textNode(s))).as(s.length() > 80 ? s.substring(0, 80) : s)
                    .isEqualTo(reference(NODES.textNode(s)));
        }
    }

    @Test
    void keysCompareByCodePointAsTheirCodePointListsDo() {
        Random random = new Random(11);
        char[] alphabet = {'a', 'b', '\u00e9', '\u2028', '\ud7ff', '\ud83d', '\ude00', '\ue000', '\uffff'};
        for (int n = 0; n < 20_000; n++) {
            String a = randomText(random, alphabet);
            String b = random.nextInt(4) == 0 ? a + randomText(random, alphabet) : randomText(random, alphabet);

            assertThat(Integer.signum(CanonicalJson.compareCodePoints(a, b))).as("%s vs %s", a.codePoints().boxed().toList(),
                    b.codePoints().boxed().toList())
                    .isEqualTo(Integer.signum(java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray())));
        }
    }

    private static String randomText(Random random, char[] alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    @Test
    void objectsArraysAndNumbersEncodeExactlyAsTheSpecificationSays() throws Exception {
        ObjectNode object = NODES.objectNode();
        object.put("z", 1);
        object.put("a", Long.MAX_VALUE);
        object.put("\ud83d\ude00", new BigInteger("18446744073709551616"));
        object.put("\uffff", new BigDecimal("1.50"));
        object.put("m", new BigDecimal("-0.000000000000000000001"));
        object.putArray("list").add(true).add(false).addNull().add("s").addObject().put("b", 2).put("a", 1);
        object.putNull("n");
        JsonNode parsed = PlanJson.mapper().readTree("{\"a\":1,\"b\":[1.0,2,-3,100000000000000000000000],\"c\":{\"y\":{},\"x\":[]}}");

        for (JsonNode node : List.of(object, parsed, NODES.objectNode(), NODES.arrayNode(), NODES.numberNode(0),
                NODES.numberNode(-5L), NODES.booleanNode(true), NODES.nullNode())) {
            assertThat(new String(CanonicalJson.toBytes(node), StandardCharsets.UTF_8))
                    .isEqualTo(new String(reference(node), StandardCharsets.UTF_8));
        }
        assertThat(CanonicalJson.toBytes(null)).isEqualTo("null".getBytes(StandardCharsets.US_ASCII));
    }

    /** The specification, transcribed as simply as possible. */
    private static byte[] reference(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reference(node, out);
        return out.toByteArray();
    }

    private static void reference(JsonNode node, ByteArrayOutputStream out) {
        if (node == null || node.isNull()) {
            out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            fields.sort((a, b) -> CanonicalJson.compareCodePoints(a.getKey(), b.getKey()));
            out.write('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                referenceString(fields.get(i).getKey(), out);
                out.write(':');
                reference(fields.get(i).getValue(), out);
            }
            out.write('}');
        } else if (node.isArray()) {
            out.write('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                reference(node.get(i), out);
            }
            out.write(']');
        } else if (node.isTextual()) {
            referenceString(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.writeBytes(String.valueOf(node.booleanValue()).getBytes(StandardCharsets.US_ASCII));
        } else if (node.isIntegralNumber()) {
            out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
        } else {
            out.writeBytes(node.decimalValue().toPlainString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void referenceString(String value, ByteArrayOutputStream out) {
        StringBuilder escaped = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.writeBytes(escaped.append('"').toString().getBytes(StandardCharsets.UTF_8));
    }
}
