package dev.backstop.core.plan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a plan comes from (a file, or standard input for {@code -}) and how its bytes are decoded.
 *
 * <p>The first bytes decide: a UTF-8 byte-order mark is skipped; a UTF-16 mark (PowerShell's {@code >} writes
 * UTF-16LE) switches to a decoding reader; {@code PK} means a binary plan file, which is converted by running
 * {@code terraform show -json} (see {@link PlanConverter}); gzip is refused with a hint. Text that is not
 * well-formed UTF-8 (or UTF-16 after its mark) is refused, never repaired; and no more than the maximum plan size is
 * read ({@link #withMaxSize}).
 */
public final class PlanSource {
    /** Name used for standard input on the command line. */
    public static final String STDIN = "-";

    private static final int PEEK = 4;

    private final String name;
    private final Path path;
    private final InputStream stdin;
    private final long maxBytes;
    private final Progress progress;

    /** Told how far reading a plan file has got; for a person watching a large plan being read. */
    public interface Progress {
        /** {@code bytes} of the file's {@code total} have been read. Called often: throttle what is shown. */
        void read(long bytes, long total);

        /** Reading has ended, finished or failed. */
        void done();
    }

    private PlanSource(String name, Path path, InputStream stdin, long maxBytes, Progress progress) {
        this.name = name;
        this.path = path;
        this.stdin = stdin;
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    public static PlanSource file(Path path) {
        return new PlanSource(path.toString(), Objects.requireNonNull(path), null, PlanSizes.DEFAULT_MAX, null);
    }

    public static PlanSource stdin(InputStream in) {
        return new PlanSource("standard input", null, Objects.requireNonNull(in), PlanSizes.DEFAULT_MAX, null);
    }

    /** The same source, reporting to {@code progress} as a plan file is read (standard input has no known size). */
    public PlanSource withProgress(Progress progress) {
        return new PlanSource(name, path, stdin, maxBytes, Objects.requireNonNull(progress));
    }

    /**
     * The same source, read up to {@code bytes} bytes of JSON (the output of {@code terraform show} for a binary
     * plan; a binary plan on standard input counts too); more is an error that names the limit.
     */
    public PlanSource withMaxSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maximum plan size must be positive: " + bytes);
        }
        return new PlanSource(name, path, stdin, bytes, progress);
    }

    public long maxSize() {
        return maxBytes;
    }

    /** {@code -} means standard input, anything else a file path. */
    public static PlanSource of(String argument, InputStream stdin) {
        return STDIN.equals(argument) ? stdin(stdin) : file(Path.of(argument));
    }

    public String name() {
        return name;
    }

    /** Streams the plan through {@code handler}; binary plans go through {@code converter}. */
    public PlanInfo read(PlanHandler handler, PlanConverter converter) {
        try (InputStream raw = open()) {
            BufferedInputStream in = new BufferedInputStream(new MaxSizeInputStream(raw, maxBytes, name), 1 << 16);
            byte[] head = peek(in);
            if (startsWith(head, 'P', 'K', 3, 4)) {
                return readBinaryPlan(in, handler, converter);
            }
            if (startsWith(head, 0x1f, 0x8b)) {
                throw new PlanException(name + " is gzip-compressed: decompress it first (`gunzip -c FILE | backstop check -`)");
            }
            PlanReader reader = new PlanReader();
            if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
                in.skipNBytes(3);
                return readUtf8(in, reader, handler);
            }
            if (startsWith(head, 0xFF, 0xFE)) {
                in.skipNBytes(2);
                return reader.read(strictReader(in, StandardCharsets.UTF_16LE), handler);
            }
            if (startsWith(head, 0xFE, 0xFF)) {
                in.skipNBytes(2);
                return reader.read(strictReader(in, StandardCharsets.UTF_16BE), handler);
            }
            return readUtf8(in, reader, handler);
        } catch (IOException e) {
            throw new PlanException("could not read " + name + ": " + PlanReader.firstLine(e.getMessage()), e);
        }
    }

    /**
     * The strict UTF-8 check runs on the read-ahead thread, beside the parser rather than in front of it; the
     * read-ahead is closed (its thread stopped) before the file is.
     */
    private static PlanInfo readUtf8(InputStream in, PlanReader reader, PlanHandler handler) throws IOException {
        try (InputStream ahead = new ReadAheadInputStream(new StrictUtf8InputStream(in))) {
            return reader.read(ahead, handler);
        }
    }

    private InputStream open() throws IOException {
        if (path == null) {
            return new NonClosingInputStream(stdin);
        }
        if (Files.isDirectory(path)) {
            throw new PlanException(name + " is a directory, not a plan file");
        }
        try {
            InputStream in = Files.newInputStream(path);
            return progress == null || !Files.isRegularFile(path) ? in : new Counting(in, Files.size(path), progress);
        } catch (NoSuchFileException e) {
            throw new PlanException(name + ": no such file");
        } catch (IOException e) {
            throw new PlanException("cannot open " + name + ": " + PlanReader.firstLine(e.toString()), e);
        }
    }

    private PlanInfo readBinaryPlan(InputStream in, PlanHandler handler, PlanConverter converter) throws IOException {
        if (path != null) {
            return converter.read(path, handler, maxBytes);
        }
        // A binary plan on standard input: the tools only read plan files from disk.
        Path temp = Files.createTempFile("backstop-plan-", ".tfplan");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            return converter.read(temp, handler, maxBytes);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Decodes UTF-16, refusing malformed input (a lone surrogate, an odd byte at the end) instead of replacing it. */
    private static Reader strictReader(InputStream in, Charset charset) {
        return new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static byte[] peek(BufferedInputStream in) throws IOException {
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        return head;
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Counts the bytes read from a plan file for {@link Progress}. */
    private static final class Counting extends java.io.FilterInputStream {
        private final long total;
        private final Progress progress;
        private long count;

        Counting(InputStream in, long total, Progress progress) {
            super(in);
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.read(++count, total);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.read(count, total);
            }
            return n;
        }

        /** The reader closes the file when it is done, finished or not. */
        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                progress.done();
            }
        }
    }

    /** Standard input belongs to the process, not to the reader. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // left open on purpose
        }
    }
}
