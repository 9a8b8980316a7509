package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.io.InputStream;

/**
 * Jackson's UTF-8 parser, which can also skip an object or an array it will not read without walking its tokens.
 * More than half of a large plan is never read: {@code planned_values}, {@code prior_state}, the values of
 * unchanged resources. Jackson's own skip sends every key through its symbol table and every number through its
 * text buffer; {@link #skip} instead has a {@link SectionCheck} check the bytes where they lie in this parser's
 * buffer, up to the closing bracket, and moves the parser there (docs/performance.md).
 *
 * <p>The check refuses what Jackson would have refused there, with the same wording on the same line. The parser's
 * own count of bytes, lines and columns stays exact, so every later message points into the file as before.
 *
 * <p>It works on the buffer and counters that {@link UTF8StreamJsonParser} keeps protected for subclasses. What guards
 * a Jackson upgrade is {@code SkippingParserTest}: on every build it reads thousands of random plans, valid and
 * broken, both with this parser and with Jackson's own, and requires the same outcome.
 */
final class SkippingParser extends UTF8StreamJsonParser {
    private final SectionCheck check = new SectionCheck();

    SkippingParser(IOContext context, int features, InputStream in, ObjectCodec codec, ByteQuadsCanonicalizer names,
            byte[] buffer, int end) {
        super(context, features, in, codec, names, buffer, 0, end, true);
    }

    /**
     * Skips the value {@code parser} is on, as {@link JsonParser#skipChildren} does: after it the parser is on the
     * value's last token. Objects and arrays are checked outside the token loop when the parser is a
     * {@link SkippingParser}.
     */
    static void skip(JsonParser parser) throws IOException {
        if (parser instanceof SkippingParser skipping && parser.currentToken() != null
                && parser.currentToken().isStructStart()) {
            skipping.checkContents();
        }
        parser.skipChildren();
    }

    /**
     * On an opening bracket: checks the contents up to the closing bracket and leaves the parser just before it, so
     * that its next token is the end of the object or array. At the end of the input the parser is left to report
     * the truncation, unless Jackson would have named something else there ({@link SectionCheck#atEnd}).
     */
    private void checkContents() throws IOException {
        check.begin(currentToken() == JsonToken.START_OBJECT,
                getParsingContext().getNestingDepth(), _currInputProcessed + _inputPtr, _currInputRow,
                _currInputProcessed + _currInputRowStart);
        while (true) {
            int closing = check.scan(_inputBuffer, _inputPtr, _inputEnd);
            _inputPtr = closing >= 0 ? closing : _inputEnd;
            // The line of the next byte, and where it starts relative to this buffer, kept as the parser keeps them.
            _currInputRow = (int) check.line();
            _currInputRowStart = (int) (check.lineStart() - _currInputProcessed);
            if (closing >= 0) {
                return;
            }
            if (!_loadMore()) {
                PlanException end = check.atEnd();
                if (end != null) {
                    throw end;
                }
                return;
            }
        }
    }
}
