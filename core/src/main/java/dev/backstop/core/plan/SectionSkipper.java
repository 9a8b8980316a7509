package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Skips the contents of a section the reader does not read, outside the parser. When {@link PlanReader} meets
 * {@code "prior_state": {}, the parser has just read the opening brace. The parser gives back the bytes it had
 * read ahead ({@link JsonParser#releaseBuffered}); a {@link SectionCheck} checks them, then the bytes that follow
 * where they lie in the read-ahead buffers, up to the closing brace; whatever follows the brace is given back to the
 * stream, and the parser goes on as if the section had been empty. On a large plan this is about half of the file
 * that the parser no longer walks token by token (docs/performance.md).
 *
 * <p>The parser does not count the bytes skipped, so its places are off after a section; {@link SourcePositions}
 * records each section skipped and puts them right in every message.
 */
final class SectionSkipper {
    private final ReadAheadInputStream in;
    private final SourcePositions positions;
    private final ByteArrayOutputStream released = new ByteArrayOutputStream(8 * 1024);

    SectionSkipper(ReadAheadInputStream in, SourcePositions positions) {
        this.in = in;
        this.positions = positions;
    }

    /**
     * The parser is on the {@code START_OBJECT} or {@code START_ARRAY} of a section, at nesting depth 2. Checks and
     * skips its contents; the parser's next token is the section's end.
     */
    void skip(JsonParser parser) throws IOException {
        JsonLocation opened = parser.currentLocation();
        long fileOffset = positions.offset(opened);
        SectionCheck check = new SectionCheck(parser.currentToken() == JsonToken.START_OBJECT,
                parser.getParsingContext().getNestingDepth(), fileOffset, positions.line(opened),
                fileOffset - positions.column(opened) + 1);
        released.reset();
        int given = parser.releaseBuffered(released);
        byte[] bytes = released.toByteArray();
        int stop = check.scan(bytes, 0, given);
        if (stop >= 0) {
            in.unread(bytes, stop, given);
        } else if (!in.scan(check)) {
            PlanException end = check.atEnd();
            if (end != null) {
                throw end;
            }
        }
        positions.taken(opened.getByteOffset() + given, check.length() - given, check.lineBreaks(),
                check.lastLineBreakEnd());
    }
}
