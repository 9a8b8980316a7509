package dev.backstop.core.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end in reads of a chosen size, as a parser with a buffer of that size would. */
final class ChunkedReads {
    private ChunkedReads() {
    }

    static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk];
        int n;
        while ((n = in.read(buffer, 0, chunk)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
