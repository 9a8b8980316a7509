package dev.backstop.core.plan;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a place the parser reports back into the same place in the plan file, once {@link SectionSkipper} has
 * skipped sections the parser did not count. Every message that names a line and column goes through
 * {@link #describe}, so it points into the file the person has.
 */
final class SourcePositions {
    /**
     * A section skipped: the parser's offset where it goes on, how many more bytes the file holds than the parser
     * counted there, and the contents' line breaks.
     */
    private record Taken(long outAt, long length, long breaks, long lastBreakEnd) {
    }

    private final List<Taken> taken = new ArrayList<>();

    /**
     * Records a section skipped: from the parser's offset {@code outAt} on, the file holds {@code length} more bytes
     * than the parser counted (fewer if negative: bytes the parser counted and then read again); the section's
     * contents hold {@code breaks} line breaks, the last ending at file offset {@code lastBreakEnd} (-1 if none),
     * none of which the parser counted.
     */
    void taken(long outAt, long length, long breaks, long lastBreakEnd) {
        taken.add(new Taken(outAt, length, breaks, lastBreakEnd));
    }

    /** The file offset of a place the parser reported. */
    long offset(JsonLocation location) {
        long offset = location.getByteOffset();
        long shift = 0;
        for (Taken section : taken) {
            if (section.outAt() > offset) {
                break;
            }
            shift += section.length();
        }
        return offset + shift;
    }

    /** "line L, column C" in the file, for a place the parser reported (its line, column and byte offset). */
    String describe(JsonLocation location) {
        return "line " + line(location) + ", column " + column(location);
    }

    long line(JsonLocation location) {
        long line = location.getLineNr();
        long offset = location.getByteOffset();
        if (offset < 0) {
            return line;
        }
        for (Taken section : taken) {
            if (section.outAt() > offset) {
                break;
            }
            line += section.breaks();
        }
        return line;
    }

    long column(JsonLocation location) {
        long offset = location.getByteOffset();
        int column = location.getColumnNr();
        if (offset < 0 || taken.isEmpty()) {
            return column;
        }
        // The parser counts a column from where its line starts: one past the last line break it read.
        long lineStart = offset - column + 1;
        long shift = 0;
        long shiftAtLineStart = 0;
        long lineStartInSection = -1;
        for (Taken section : taken) {
            if (section.outAt() > offset) {
                break;
            }
            shift += section.length();
            if (section.outAt() < lineStart) {
                shiftAtLineStart = shift;
            } else if (section.breaks() > 0) {
                lineStartInSection = section.lastBreakEnd();
            }
        }
        long fileLineStart = lineStartInSection >= 0 ? lineStartInSection : lineStart + shiftAtLineStart;
        return offset + shift - fileLineStart + 1;
    }
}
