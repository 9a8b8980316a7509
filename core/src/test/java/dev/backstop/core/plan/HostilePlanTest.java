package dev.backstop.core.plan;

import static dev.backstop.core.testing.Plans.change;
import static dev.backstop.core.testing.Plans.planWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.FuzzContract;
import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.RepeatedInput;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile plans, one test per kind (issue 10). Every one ends in a clean refusal: a {@link PlanException} with one
 * short clean line, never an allow, never a stack overflow, never memory or time that grows with the attack. The
 * large ones are generated as streams ({@link RepeatedInput}), never held. Cases covered elsewhere: a duplicated key
 * ({@code PlanReaderErrorsTest}, duplicate-key.json: a second {@code actions} after a delete), 100,000-deep nesting
 * inside a change ({@code PlanReaderTest#refusesHostileNestingCleanly}), a 100 MB string that must parse
 * ({@code PlanReaderTest#parsesAHundredMegabyteString}), gzip and a directory ({@code PlanReaderErrorsTest}).
 */
class HostilePlanTest {
    private static final PlanConverter NO_TERRAFORM = new PlanConverter(List.of("/nonexistent/terraform"),
            Duration.ofSeconds(1));
    private static final String HEAD = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},";
    private static final String DELETE = change("aws_db_instance.orders",
            "\"actions\":[\"delete\"],\"before\":{\"identifier\":\"orders\"},\"after\":null");

    private static CheckReport check(InputStream in) {
        return PlanCheck.defaults().run(PlanSource.stdin(in), NO_TERRAFORM);
    }

    private static CheckReport check(String json) {
        return check(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static CheckReport check(byte[] bytes) {
        return check(new ByteArrayInputStream(bytes));
    }

    /** Refused with {@code message} in one clean line. */
    private static void assertRefused(ThrowingCallable reading, String message) {
        assertThatThrownBy(reading)
                .isInstanceOf(PlanException.class)
                .hasMessageContaining(message)
                .satisfies(e -> FuzzContract.checkMessage(e.getMessage()));
    }

    @Test
    void nestingOneHundredThousandDeepInASectionThatIsSkippedIsRefused() {
        int depth = 100_000;
        InputStream deep = RepeatedInput.of(HEAD + "\"prior_state\":", "[", depth, "]".repeat(depth) + "}");

        assertRefused(() -> check(deep), "the plan exceeds a reading limit: Document nesting depth");
    }

    @Test
    void aTwoHundredMegabyteStringOutsideTheChangesIsStreamedPast() {
        long chunks = 200L * 16;
        RepeatedInput plan = RepeatedInput.of(HEAD + "\"prior_state\":{\"user_data\":\"", "A".repeat(64 * 1024), chunks,
                "\"},\"resource_changes\":[" + DELETE + "]}");

        CheckReport report = check(plan);

        assertThat(plan.delivered()).isGreaterThan(200L * 1024 * 1024);
        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"in a change", "in a skipped section"})
    void aNumberWithAMillionDigitsIsRefused(String where) {
        String prefix = where.equals("in a change")
                ? HEAD + "\"resource_changes\":[{\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":"
                        + "{\"actions\":[\"delete\"],\"before\":{\"allocated_storage\":"
                : HEAD + "\"prior_state\":{\"n\":";
        InputStream plan = RepeatedInput.of(prefix, "9", 1_000_000, "}}]}");

        assertRefused(() -> check(plan), "the plan exceeds a reading limit: Number value length");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity", "1e999999999"})
    void nanAndInfinityAreNotNumbers(String token) {
        String plan = planWith(change("aws_db_instance.a",
                "\"actions\":[\"update\"],\"before\":{\"backup_retention_period\":7},\"after\":{\"backup_retention_period\":"
                        + token + "}"));

        if (token.startsWith("1e")) {
            // valid JSON: a huge exponent is kept as written, never turned into Infinity
            assertThat(check(plan).verdict()).isNotEqualTo(Verdict.ERROR);
        } else {
            assertRefused(() -> check(plan), "not valid JSON");
        }
    }

    /** Found by fuzzing the approval statement: Jackson cannot make such a number a BigDecimal and says so unchecked. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e99999999999", "6332e666666626666666666666666", "-1.5E-99999999999"})
    void aNumberWhoseExponentDoesNotFitIsRefused(String number) {
        String plan = planWith(change("aws_db_instance.a",
                "\"actions\":[\"update\"],\"before\":{\"allocated_storage\":1},\"after\":{\"allocated_storage\":"
                        + number + "}"));

        assertRefused(() -> check(plan), "the plan holds a number that cannot be read exactly");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a lone continuation byte in a change     | 80",
        "an overlong slash in a change            | c0af",
        "a UTF-8 encoded surrogate in a change    | eda080",
        "a truncated sequence in a change         | e282",
        "a byte that is never UTF-8 in a change   | ff",
    })
    void invalidUtf8IsRefused(String name, String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        String[] around = planWith(change("aws_db_instance.a",
                "\"actions\":[\"delete\"],\"before\":{\"identifier\":\"BAD\"}")).split("BAD");
        ByteArrayOutputStream plan = new ByteArrayOutputStream();
        plan.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
        plan.writeBytes(bad);
        plan.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));

        assertRefused(() -> check(plan.toByteArray()), "UTF-8");
    }

    @Test
    void invalidUtf8InASectionThatIsSkippedIsRefusedToo() {
        byte[] plan = (HEAD + "\"prior_state\":{\"x\":\"\u0001\"},\"resource_changes\":[" + DELETE + "]}")
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(plan, StandardCharsets.ISO_8859_1).indexOf('\u0001');
        plan[at] = (byte) 0xFF;

        assertRefused(() -> check(plan), "UTF-8");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a lone surrogate", "an odd number of bytes"})
    void invalidUtf16AfterAByteOrderMarkIsRefused(String kind) {
        String[] around = planWith(DELETE).split("orders", 2);
        ByteArrayOutputStream plan = new ByteArrayOutputStream();
        plan.write(0xFF);
        plan.write(0xFE);
        plan.writeBytes((around[0] + "orders").getBytes(StandardCharsets.UTF_16LE));
        if (kind.equals("a lone surrogate")) {
            plan.writeBytes(new byte[] {0x00, (byte) 0xD8}); // U+D800 with no low surrogate after it
        }
        plan.writeBytes(around[1].getBytes(StandardCharsets.UTF_16LE));
        if (kind.equals("an odd number of bytes")) {
            plan.write('x');
        }

        assertRefused(() -> check(plan.toByteArray()), "UTF-16");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = '|', value = {
        "escape      | address          | \\u001b[2J",
        "newline     | address          | \\n",
        "carriage    | address          | \\r",
        "NUL         | address          | \\u0000",
        "bidi        | address          | \\u202e",
        "line sep.   | address          | \\u2028",
        "C1 control  | address          | \\u009b",
        "escape      | previous_address | \\u001b[2J",
        "escape      | deposed          | \\u001b[2J",
        "escape      | module_address   | \\u001b[2J",
    })
    void controlCharactersInAddressesAreRefused(String name, String field, String escaped) {
        String key = "[\\\"k" + escaped + "\\\"]";
        String address = field.equals("module_address") ? "module.db.aws_db_instance.orders"
                : "aws_db_instance.orders" + (field.equals("address") ? key : "");
        String extra = switch (field) {
            case "previous_address" -> ",\"previous_address\":\"aws_db_instance.old" + key + "\"";
            case "deposed" -> ",\"deposed\":\"" + escaped + "\"";
            case "module_address" -> ",\"module_address\":\"module.db" + key + "\"";
            default -> "";
        };
        String plan = planWith("{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"aws_db_instance\","
                + "\"name\":\"orders\"" + extra + ",\"change\":{\"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}}}");

        assertRefused(() -> check(plan), "\"" + field + "\" holds the unprintable character U+");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "actions a string          | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":{\"actions\":\"delete\",\"before\":{}}}                | change.actions is a string",
        "actions holding null      | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":{\"actions\":[null],\"before\":{}}}                 | change.actions holds null",
        "actions holding a list    | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":{\"actions\":[[\"delete\"]],\"before\":{}}}         | change.actions holds a list",
        "change null               | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":null}                                            | \"change\" is null",
        "change a list             | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":[\"delete\"]}                                    | \"change\" is a list",
        "address a number          | {\"address\":1,\"type\":\"aws_db_instance\",\"change\":{\"actions\":[\"delete\"],\"before\":{}}}                               | \"address\" is a number",
        "type an object            | {\"address\":\"aws_db_instance.a\",\"type\":{},\"change\":{\"actions\":[\"delete\"],\"before\":{}}}                            | \"type\" is an object",
        "type missing              | {\"address\":\"aws_db_instance.a\",\"change\":{\"actions\":[\"delete\"],\"before\":{}}}                                      | \"type\" is missing",
        "mode a boolean            | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"mode\":true,\"change\":{\"actions\":[\"delete\"],\"before\":{}}} | \"mode\" is a boolean",
        "deposed a number          | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"deposed\":7,\"change\":{\"actions\":[\"delete\"],\"before\":{}}} | \"deposed\" is a number",
        "replace_paths a string    | {\"address\":\"aws_db_instance.a\",\"type\":\"aws_db_instance\",\"change\":{\"actions\":[\"delete\",\"create\"],\"before\":{},\"replace_paths\":\"engine\"}} | change.replace_paths is a string",
        "entry a string            | \"aws_db_instance.a\"                                                                                                  | resource_changes[0] is a string",
    })
    void wrongTypesEverywhereAreRefused(String name, String entry, String message) {
        assertRefused(() -> check(planWith(entry)), message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "resource_changes an object  | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":{\"a\":1}}   | \"resource_changes\" is an object",
        "resource_changes a string   | {\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":\"all\"}     | \"resource_changes\" is a string",
        "errored a number            | {\"format_version\":\"1.2\",\"planned_values\":{},\"errored\":0}                  | \"errored\" is a number",
        "complete a string           | {\"format_version\":\"1.2\",\"planned_values\":{},\"complete\":\"true\"}          | \"complete\" is a string",
        "format_version a list       | {\"format_version\":[\"1.2\"],\"planned_values\":{}}                              | \"format_version\" is a list",
        "the plan a list             | [{\"format_version\":\"1.2\",\"planned_values\":{}}]                              | the input is a list",
    })
    void wrongTypesAtTheTopAreRefused(String name, String plan, String message) {
        assertRefused(() -> check(plan), message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[\"DELETE\"]", "[\"destroy\"]", "[\"delete \"]", "[\"purge\"]", "[\"create\",\"delete\",\"create\"]",
        "[\"delete\",\"delete\"]", "[\"no-op\",\"delete\"]", "[\"forget\",\"delete\"]", "[\"\"]"})
    void unknownActionStringsNeverAllow(String actions) {
        CheckReport report = check(planWith(change("aws_db_instance.orders",
                "\"actions\":" + actions + ",\"before\":{\"identifier\":\"orders\"},\"after\":{\"identifier\":\"orders\"}")));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an ELF binary       | 7f454c46020101000000000000000000",
        "a PNG image         | 89504e470d0a1a0a0000000d49484452",
        "NUL bytes           | 00000000000000000000000000000000",
        "random bytes        | d3b1a8ff07c2e4a1905b3c6e8f12aa01",
        "bzip2               | 425a683931415926535900000000ffff",
        "xz                  | fd377a585a000004e6d6b44602002101",
    })
    void binaryInputIsNotAPlan(String name, String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);

        assertThatThrownBy(() -> check(bytes))
                .isInstanceOf(PlanException.class)
                .satisfies(e -> FuzzContract.checkMessage(e.getMessage()))
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("not valid JSON", "not valid UTF-8",
                        "the plan is empty", "not a Terraform plan"));
    }

    @Test
    void anEndlessStreamStopsAtTheSizeLimitWithAClearMessage() {
        RepeatedInput endless = RepeatedInput.of(HEAD + "\"prior_state\":[", "0,", RepeatedInput.ENDLESS, "");
        PlanSource source = PlanSource.stdin(endless).withMaxSize(4 * 1024 * 1024);

        assertRefused(() -> PlanCheck.defaults().run(source, NO_TERRAFORM),
                "standard input is larger than the maximum plan size of 4 MiB (4194304 bytes); if it really is a plan,"
                        + " raise the limit with --max-plan-size or BACKSTOP_MAX_PLAN_SIZE");
        assertThat(endless.delivered()).isLessThan(5L * 1024 * 1024);
    }

    @Test
    void anEndlessStringStopsAtTheSizeLimitToo() {
        RepeatedInput endless = RepeatedInput.of(HEAD + "\"resource_changes\":[{\"address\":\"aws_db_instance.a\","
                + "\"type\":\"aws_db_instance\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"user_data\":\"",
                "A".repeat(4096), RepeatedInput.ENDLESS, "");

        assertRefused(() -> PlanCheck.defaults().run(PlanSource.stdin(endless).withMaxSize(16 * 1024 * 1024),
                NO_TERRAFORM), "larger than the maximum plan size of 16 MiB");
        assertThat(endless.delivered()).isLessThan(17L * 1024 * 1024);
    }

    @Test
    void anEndlessBinaryPlanOnStandardInputStopsAtTheSizeLimitBeforeFillingTheDisk() {
        RepeatedInput endless = RepeatedInput.of(new byte[] {'P', 'K', 3, 4}, new byte[8192], RepeatedInput.ENDLESS,
                new byte[0]);

        assertRefused(() -> PlanCheck.defaults().run(PlanSource.stdin(endless).withMaxSize(1024 * 1024), NO_TERRAFORM),
                "standard input is larger than the maximum plan size of 1 MiB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a delete whose before is null           | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"delete\"],\"before\":null,\"after\":null                            | \"before\" is null",
        "a delete with no before at all          | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"delete\"]                                                          | \"before\" is null",
        "a replace whose before is null          | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"delete\",\"create\"],\"before\":null,\"after\":{\"id\":\"x\"}       | \"before\" is null",
        "an update to nothing                    | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"update\"],\"before\":{\"id\":\"x\"},\"after\":null                  | a delete under another name",
        "a no-op to nothing                      | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"no-op\"],\"before\":{\"id\":\"x\"},\"after\":null                   | a delete under another name",
        "a no-op that changes a value            | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"no-op\"],\"before\":{\"deletion_protection\":true},\"after\":{\"deletion_protection\":false} | a no-op changes nothing",
        "a create over an existing object        | aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"create\"],\"before\":{\"id\":\"x\"},\"after\":{\"id\":\"y\"}         | a create has no prior object",
        "a database labelled as a harmless type  | aws_db_instance.orders | aws_iam_role    | managed | \"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}                                | the address names type \"aws_db_instance\" but \"type\" is \"aws_iam_role\"",
        "a managed resource posing as data       | aws_db_instance.orders | aws_db_instance | data    | \"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}                                | \"mode\" is \"data\" but the address is not a data source's",
        "a data address posing as managed        | data.aws_db_instance.orders | aws_db_instance | managed | \"actions\":[\"read\"],\"after\":{\"id\":\"x\"}                         | the address is a data source's",
        "an address that is not one              | orders                 | aws_db_instance | managed | \"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}                                | is not a resource address",
    })
    void plansThatLieAreRefused(String name, String address, String type, String mode, String change, String message) {
        String plan = planWith("{\"address\":\"" + address + "\",\"mode\":\"" + mode + "\",\"type\":\"" + type
                + "\",\"name\":\"orders\",\"change\":{" + change + "}}");

        assertRefused(() -> check(plan), message);
    }

    @Test
    void aLieAboutTheNameOrModuleIsRefused() {
        String wrongName = planWith("{\"address\":\"aws_db_instance.orders\",\"type\":\"aws_db_instance\",\"name\":\"logs\","
                + "\"change\":{\"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}}}");
        String wrongModule = planWith("{\"address\":\"module.prod.aws_db_instance.orders\",\"module_address\":\"module.dev\","
                + "\"type\":\"aws_db_instance\",\"name\":\"orders\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"id\":\"x\"}}}");

        assertRefused(() -> check(wrongName), "the address names \"orders\" but \"name\" is \"logs\"");
        assertRefused(() -> check(wrongModule), "\"module_address\" \"module.dev\" is not the module of the address");
    }

    @Test
    void addressesTerraformWritesAreAccepted() {
        String plan = planWith(
                entry("module.db[\"eu\"].module.inner[0].aws_db_instance.orders[\"a.b[\\\"c\\\"] \\n \u00e9\"]",
                        "module.db[\"eu\"].module.inner[0]", "managed", "aws_db_instance", "orders", "delete"),
                entry("module.db[\"eu\"].data.aws_ami.ubuntu", "module.db[\"eu\"]", "data", "aws_ami", "ubuntu", "read"),
                entry("aws_s3_bucket.logs[12]", null, "managed", "aws_s3_bucket", "logs", "update"));

        assertThat(check(plan).verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    /** One resource change written by Jackson, so addresses need no hand escaping. */
    private static String entry(String address, String module, String mode, String type, String name, String action) {
        var node = PlanJson.mapper().createObjectNode();
        node.put("address", address).put("mode", mode).put("type", type).put("name", name);
        if (module != null) {
            node.put("module_address", module);
        }
        var change = node.putObject("change");
        change.putArray("actions").add(action);
        if (!action.equals("read")) {
            change.putObject("before").put("id", "x");
        }
        change.putObject("after").put("id", action.equals("update") ? "y" : "x");
        if (action.equals("delete")) {
            change.putNull("after");
        }
        return node.toString();
    }
}
