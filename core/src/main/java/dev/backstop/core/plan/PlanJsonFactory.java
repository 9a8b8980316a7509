package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Jackson's factory, except that it reads UTF-8 bytes with a {@link SkippingParser}. Jackson first looks at the
 * first four bytes for a byte-order mark or the zero bytes of UTF-16 and UTF-32; when it could find one, the input
 * goes to Jackson's own detection as before. Plans reach the reader as UTF-8 without a mark ({@link PlanSource}
 * takes marks off), so in practice every plan is read by a {@link SkippingParser}.
 */
final class PlanJsonFactory extends JsonFactory {
    private static final long serialVersionUID = 1L;
    /** As many bytes as Jackson's detection looks at. */
    private static final int DETECTED = 4;

    PlanJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    private PlanJsonFactory(PlanJsonFactory source, ObjectCodec codec) {
        super(source, codec);
    }

    @Override
    public PlanJsonFactory copy() {
        return new PlanJsonFactory(this, null);
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
        byte[] buffer = context.allocReadIOBuffer();
        int end = readHead(in, buffer, context);
        if (isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES) && plainUtf8(buffer, Math.min(end, DETECTED))) {
            context.setEncoding(JsonEncoding.UTF8);
            return new SkippingParser(context, _parserFeatures, in, _objectCodec,
                    _byteSymbolCanonicalizer.makeChild(_factoryFeatures), buffer, end);
        }
        // The bytes read go back in front of the rest; unlike a SequenceInputStream, this passes on a read of 0.
        PushbackInputStream rest = new PushbackInputStream(in, Math.max(end, 1));
        rest.unread(buffer, 0, end);
        context.releaseReadIOBuffer(buffer);
        return super._createParser(rest, context);
    }

    /**
     * Reads at least the bytes Jackson's detection looks at, unless the input ends first; returns how many were
     * read. On failure, closes what Jackson closes when its own detection fails.
     */
    private static int readHead(InputStream in, byte[] buffer, IOContext context) throws IOException {
        try {
            int end = 0;
            while (end < DETECTED) {
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 1) {
                    break;
                }
                end += n;
            }
            return end;
        } catch (IOException | RuntimeException e) {
            if (context.isResourceManaged()) {
                try {
                    in.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            context.close();
            throw e;
        }
    }

    /**
     * No byte-order mark and no zero byte: Jackson would read these bytes as UTF-8 from the first. (Its detection
     * also takes FE FF and FF FE for the marks of UTF-16, and EF BB BF for UTF-8's, which it skips.)
     */
    private static boolean plainUtf8(byte[] head, int length) {
        int first = length > 0 ? head[0] & 0xFF : -1;
        int second = length > 1 ? head[1] & 0xFF : -1;
        if ((first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE) || (first == 0xEF && second == 0xBB)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        return true;
    }
}
