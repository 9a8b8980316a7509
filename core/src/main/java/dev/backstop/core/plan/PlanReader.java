package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams the JSON written by {@code terraform show -json PLANFILE} (or {@code tofu show -json}).
 *
 * <p>Only {@code resource_changes} is materialised, one entry at a time, and handed to a {@link PlanHandler}; every
 * other section ({@code prior_state}, {@code planned_values}, {@code configuration}, {@code variables}) is skipped,
 * checked but not parsed ({@link SkippingParser}). Memory therefore stays flat however many unchanged resources
 * the plan describes. Values of {@code variables} are never read, so they cannot leak into any output.
 *
 * <p>Any input that is not a usable plan raises a {@link PlanException} with one line that says what was found.
 * The reader never decides a verdict; an errored plan is reported in {@link PlanInfo} and it is the caller's job to
 * refuse it (see {@link #read}).
 */
public final class PlanReader {
    private static final Pattern FORMAT_VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?");

    /**
     * Reads UTF-8 bytes, and refuses malformed UTF-8: the bytes go through a {@link StrictUtf8InputStream} unless
     * they already do, because the values skipped unread are checked outside the parser's token loop
     * ({@link SkippingParser}) by a check that leaves UTF-8 to that stream. Text with a UTF-16 byte-order mark is
     * for {@link #read(Reader, PlanHandler)} ({@link PlanSource} tells them apart).
     */
    public PlanInfo read(InputStream in, PlanHandler handler) {
        InputStream checked = checksUtf8(in) ? in : new StrictUtf8InputStream(in);
        return read(() -> PlanJson.factory().createParser(checked), handler);
    }

    private static boolean checksUtf8(InputStream in) {
        return in instanceof StrictUtf8InputStream || (in instanceof ReadAheadInputStream ahead && ahead.checksUtf8());
    }

    /** Reads characters already decoded, e.g. from a UTF-16 file. */
    public PlanInfo read(Reader in, PlanHandler handler) {
        return read(() -> PlanJson.factory().createParser(in), handler);
    }

    /** Opens the parser a plan is read with. */
    interface ParserOpener {
        JsonParser open() throws IOException;
    }

    /** Reads with the parser {@code opener} opens; the tests also give Jackson's own parser, to compare. */
    PlanInfo read(ParserOpener opener, PlanHandler handler) {
        try (JsonParser parser = opener.open()) {
            return read(parser, handler);
        } catch (IOException e) {
            throw translate(e);
        } catch (NumberFormatException e) {
            throw numberOutOfRange(e);
        }
    }

    /**
     * Duplicate keys are refused wherever the reader takes a value from: the plan's own keys, every resource change
     * (its keys, its change's keys, and every value tree built, by {@link PlanJson#readTree}), and the configuration
     * it reads. Jackson's parser-wide detection would also check the sections that are skipped unread
     * ({@code prior_state}, {@code planned_values}, the values of unchanged resources): a duplicate there can hide
     * nothing, and keeping a set of every key of every object of the file added about 60% to the time of walking
     * its tokens (docs/performance.md). So the parser's own detection is turned off and these checks take its place.
     */
    @SuppressWarnings("deprecation")
    private static void checkDuplicatesOurselves(JsonParser parser) {
        parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** {@code field} must not have been seen before in the object being read. */
    static void unique(Set<String> seen, String field, JsonParser parser) throws JsonParseException {
        if (!seen.add(field)) {
            throw ResourceChanges.duplicate(parser);
        }
    }

    private PlanInfo read(JsonParser parser, PlanHandler handler) throws IOException {
        checkDuplicatesOurselves(parser);
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new PlanException("the plan is empty: expected the JSON from `terraform show -json PLANFILE`");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new PlanException("not a Terraform plan: the input is " + PlanJson.describe(first)
                    + ", expected a JSON object from `terraform show -json PLANFILE`");
        }
        Header header = new Header();
        long changes = 0;
        JsonToken token;
        Set<String> keys = new HashSet<>();
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            unique(keys, field, parser);
            JsonToken value = parser.nextToken();
            switch (field) {
                case "format_version":
                    header.formatVersion = text(parser, value, field);
                    checkFormatVersion(header.formatVersion);
                    break;
                case "terraform_version":
                    header.terraformVersion = text(parser, value, field);
                    break;
                case "resource_changes":
                    changes = readChanges(parser, value, handler);
                    break;
                case "configuration":
                    if (handler.wantsConfiguration() && value == JsonToken.START_OBJECT) {
                        readConfiguration(parser, handler);
                    } else {
                        SkippingParser.skip(parser);
                    }
                    break;
                case "planned_values":
                    header.plannedValues = true;
                    SkippingParser.skip(parser);
                    break;
                case "errored":
                    header.errored = bool(parser, value, field);
                    break;
                case "complete":
                    header.complete = bool(parser, value, field);
                    break;
                case "applyable":
                    header.applyable = bool(parser, value, field);
                    break;
                case "timestamp":
                    header.timestamp = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                    break;
                default:
                    rejectLookAlike(field);
                    SkippingParser.skip(parser);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new PlanException("not valid JSON: the plan object is not closed");
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new PlanException("not a Terraform plan: more JSON follows the plan object (line "
                    + parser.currentLocation().getLineNr() + "); this looks like `terraform plan -json` event output or"
                    + " several documents joined; give the output of `terraform show -json PLANFILE`");
        }
        if (header.formatVersion == null) {
            throw new PlanException("not a Terraform plan: no \"format_version\"; expected the JSON from"
                    + " `terraform show -json PLANFILE`");
        }
        if (!header.plannedValues) {
            throw new PlanException("not a Terraform plan: no \"planned_values\"; this looks like the JSON of a state"
                    + " (`terraform show -json` without a plan file), not of a saved plan");
        }
        return new PlanInfo(header.formatVersion, header.terraformVersion, header.complete, header.applyable,
                header.errored, header.timestamp, changes);
    }

    private long readChanges(JsonParser parser, JsonToken value, PlanHandler handler) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new PlanException("\"resource_changes\" is " + PlanJson.describe(value) + ", expected a list");
        }
        int position = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode entry = ResourceChanges.readEntry(parser, handler);
            handler.onChangeEntry(new ChangeEntry(entry, position));
            position++;
        }
        return position;
    }

    /** {@code configuration}: stream {@code root_module} and nested module calls, one resource block at a time. */
    private void readConfiguration(JsonParser parser, PlanHandler handler) throws IOException {
        Set<String> keys = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            unique(keys, field, parser);
            JsonToken value = parser.nextToken();
            if (field.equals("root_module") && value == JsonToken.START_OBJECT) {
                readModule(parser, handler, "");
            } else {
                SkippingParser.skip(parser);
            }
        }
    }

    private void readModule(JsonParser parser, PlanHandler handler, String modulePath) throws IOException {
        Set<String> keys = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            unique(keys, field, parser);
            JsonToken value = parser.nextToken();
            if (field.equals("resources") && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    handler.onConfigurationResource(modulePath, PlanJson.readTree(parser));
                }
            } else if (field.equals("module_calls") && value == JsonToken.START_OBJECT) {
                Set<String> calls = new HashSet<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String call = parser.currentName();
                    unique(calls, call, parser);
                    parser.nextToken();
                    readModuleCall(parser, handler, modulePath.isEmpty() ? "module." + call : modulePath + ".module." + call);
                }
            } else {
                SkippingParser.skip(parser);
            }
        }
    }

    private void readModuleCall(JsonParser parser, PlanHandler handler, String modulePath) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            SkippingParser.skip(parser);
            return;
        }
        Set<String> keys = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            unique(keys, field, parser);
            JsonToken value = parser.nextToken();
            if (field.equals("module") && value == JsonToken.START_OBJECT) {
                readModule(parser, handler, modulePath);
            } else {
                SkippingParser.skip(parser);
            }
        }
    }

    private static void checkFormatVersion(String version) {
        Matcher matcher = FORMAT_VERSION.matcher(version);
        if (!matcher.matches()) {
            throw new PlanException("unsupported plan format_version " + PlanText.quoted(version) + ": expected 0.x or 1.x");
        }
        String major = matcher.group(1);
        if (!major.equals("0") && !major.equals("1")) {
            throw new PlanException("unsupported plan format_version " + PlanText.shown(version)
                    + ": Backstop reads formats 0.x and 1.x; a new major version may change meaning, so it is refused");
        }
    }

    /** Fails fast on well-known JSON that is not a plan, before reading the rest of a possibly large file. */
    private static void rejectLookAlike(String field) {
        if (field.equals("plan_format_version")) {
            throw new PlanException("not a Terraform plan: this is HCP Terraform's redacted plan format"
                    + " (\"plan_format_version\"); download the JSON plan (`terraform show -json`) instead");
        }
        if (field.equals("values")) {
            throw new PlanException("not a Terraform plan: this is the JSON of a state (\"values\");"
                    + " run `terraform plan -out=PLANFILE` and give `terraform show -json PLANFILE`");
        }
        if (field.equals("lineage") || field.equals("serial")) {
            throw new PlanException("not a Terraform plan: this is a raw state file (terraform.tfstate)");
        }
        if (field.startsWith("@")) {
            throw new PlanException("not a Terraform plan: this is `terraform plan -json` event output"
                    + " (" + PlanText.quoted(field) + "); save the plan with `-out=PLANFILE` and give `terraform show -json PLANFILE`");
        }
    }

    private static String text(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new PlanException("\"" + field + "\" is " + PlanJson.describe(value) + ", expected a string");
        }
        return parser.getText();
    }

    private static boolean bool(JsonParser parser, JsonToken value, String field) {
        if (value == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (value == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new PlanException("\"" + field + "\" is " + PlanJson.describe(value) + ", expected true or false");
    }

    /** Jackson cannot make a BigDecimal of a number such as 1e99999999999, and says so unchecked. */
    static PlanException numberOutOfRange(NumberFormatException e) {
        return new PlanException("the plan holds a number that cannot be read exactly (its exponent is out of range);"
                + " Terraform writes plain decimals, so the file was not written by Terraform as it is", e);
    }

    /** Turns Jackson's failures into one line a person can act on. */
    static PlanException translate(IOException e) {
        if (e instanceof JsonEOFException) {
            return new PlanException("the plan JSON is truncated: it ends before the plan is complete ("
                    + location(e) + ")", e);
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return new PlanException("the plan is not valid UTF-16: it holds a malformed character (a lone surrogate"
                    + " or an odd byte at the end); the file was damaged or re-encoded", e);
        }
        if (e instanceof StreamConstraintsException) {
            return new PlanException("the plan exceeds a reading limit: " + firstLine(e.getMessage()), e);
        }
        if (e instanceof JsonProcessingException) {
            String message = ((JsonProcessingException) e).getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                return new PlanException("the plan is ambiguous: a key appears twice in one object (" + location(e)
                        + "); a duplicated key could hide a change, so the plan is refused", e);
            }
            return new PlanException("not valid JSON (" + location(e) + "): " + withoutQuotedInput(message), e);
        }
        return new PlanException("could not read the plan: " + firstLine(e.getMessage()), e);
    }

    private static String location(IOException e) {
        if (e instanceof JsonProcessingException && ((JsonProcessingException) e).getLocation() != null) {
            JsonLocation location = ((JsonProcessingException) e).getLocation();
            return "line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        return "unknown position";
    }

    /**
     * Jackson quotes the offending input in its messages; the input may be a secret (a tfvars file passed by
     * mistake, say), so only the kind of problem before the first quote is kept.
     */
    static String withoutQuotedInput(String message) {
        String kind = firstLine(message).split("[':(]", 2)[0].strip();
        return kind.isEmpty() ? "malformed JSON" : kind.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + kind.substring(1);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.strip();
    }

    private static final class Header {
        String formatVersion;
        String terraformVersion;
        Boolean complete;
        Boolean applyable;
        boolean errored;
        String timestamp;
        boolean plannedValues;
    }
}
