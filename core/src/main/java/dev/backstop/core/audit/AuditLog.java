package dev.backstop.core.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.plan.PlanJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * An append-only log of decisions, one JSON object per line. Each line carries its number ({@code seq}) and the hash
 * of the line before it ({@code prev}), so editing, deleting or reordering lines breaks the chain and
 * {@link #verify(Path)} says where. (Cutting lines off the end leaves a shorter valid chain: keep the head hash that
 * {@code verify} prints somewhere else, such as the CI log, to detect that too.)
 */
public final class AuditLog {
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "sha256:" + "0".repeat(64);
    private static final int MAX_LINE = 16 * 1024 * 1024;

    private AuditLog() {
    }

    /**
     * Appends {@code entry} (with {@code seq} and {@code prev} set here) under an exclusive lock, so concurrent jobs
     * writing one log do not interleave. Refuses to extend a log whose last line is not a valid entry.
     *
     * @return the new line's hash
     */
    public static String append(Path file, ObjectNode entry) {
        // The file lock keeps other processes out; within this JVM a second lock on the same file would throw,
        // so threads queue here first.
        synchronized (AuditLog.class) {
            return appendLocked(file, entry);
        }
    }

    private static String appendLocked(Path file, ObjectNode entry) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
                    FileChannel channel = raf.getChannel();
                    FileLock lock = channel.lock()) {
                String last = lastLine(raf);
                long seq = 1;
                String prev = GENESIS;
                if (last != null) {
                    JsonNode previous = parse(last, file + ": the last line");
                    seq = previous.path("seq").asLong(-1) + 1;
                    if (seq < 2) {
                        throw new BackstopException(file + ": the last line has no seq; the log is damaged, not appending");
                    }
                    prev = hash(last);
                }
                ObjectNode ordered = PlanJson.mapper().createObjectNode();
                ordered.put("seq", seq);
                ordered.put("prev", prev);
                Iterator<String> names = entry.fieldNames();
                while (names.hasNext()) {
                    String name = names.next();
                    if (!name.equals("seq") && !name.equals("prev")) {
                        ordered.set(name, entry.get(name));
                    }
                }
                String line = PlanJson.mapper().writeValueAsString(ordered);
                channel.position(channel.size());
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
                return hash(line);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new BackstopException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** The result of checking a log: entries read, the head hash, and every break in the chain. */
    public record Verification(long entries, String head, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    public static Verification verify(Path file) {
        List<String> problems = new ArrayList<>();
        String prev = GENESIS;
        long number = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                JsonNode entry;
                try {
                    entry = parse(line, "line " + number);
                } catch (BackstopException e) {
                    problems.add(e.getMessage());
                    prev = hash(line);
                    continue;
                }
                long seq = entry.path("seq").asLong(-1);
                if (seq != number) {
                    problems.add("line " + number + ": seq is " + seq + ", expected " + number
                            + " (lines were removed, added or reordered)");
                }
                String claimed = entry.path("prev").asText("");
                if (!claimed.equals(prev)) {
                    problems.add("line " + number + ": prev does not match the hash of line " + (number - 1)
                            + " (a line was edited, removed or moved)");
                }
                prev = hash(line);
            }
        } catch (IOException e) {
            throw new BackstopException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return new Verification(number, prev, problems);
    }

    public static String hash(String line) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String line, String where) {
        try {
            JsonNode node = PlanJson.mapper().readTree(line);
            if (node == null || !node.isObject()) {
                throw new BackstopException(where + ": not a JSON object");
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: Jackson's NumberFormatException for a number no BigDecimal can hold
            throw new BackstopException(where + ": not valid JSON");
        }
    }

    /** The last non-empty line, read backwards from the end so appending does not cost the whole file. */
    private static String lastLine(RandomAccessFile raf) throws IOException {
        long size = raf.length();
        if (size == 0) {
            return null;
        }
        long end = size;
        raf.seek(end - 1);
        if (raf.read() == '\n') {
            end--;
        }
        long start = end;
        byte[] buffer = new byte[8192];
        while (start > 0) {
            int chunk = (int) Math.min(buffer.length, start);
            raf.seek(start - chunk);
            raf.readFully(buffer, 0, chunk);
            int newline = -1;
            for (int i = chunk - 1; i >= 0; i--) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0) {
                start = start - chunk + newline + 1;
                break;
            }
            start -= chunk;
            if (end - start > MAX_LINE) {
                throw new BackstopException("the audit log's last line is over " + MAX_LINE + " bytes; not appending");
            }
        }
        byte[] line = new byte[(int) (end - start)];
        raf.seek(start);
        raf.readFully(line);
        return new String(line, StandardCharsets.UTF_8);
    }
}
