package dev.backstop.core.plan;

import dev.backstop.core.JsonStringBytes;

/**
 * Checks the contents of an object or array that {@link PlanReader} skips unread ({@code planned_values},
 * {@code prior_state}, the values of unchanged resources...: more than half of a large plan) byte by byte, in the
 * parser's own buffer, so that Jackson does not walk them token by token (docs/performance.md; see
 * {@link SkippingParser}).
 *
 * <p>Jackson never sees these bytes, so this class refuses what Jackson would have refused: the JSON grammar of
 * RFC 8259 with none of Jackson's optional leniencies (comments, single quotes, leading zeros, NaN, trailing
 * commas...), at most {@link PlanJson#MAX_NESTING_DEPTH} levels, numbers of at most
 * {@link PlanJson#MAX_NUMBER_LENGTH} digits, keys of at most {@link PlanJson#MAX_NAME_LENGTH} bytes. A refusal is a
 * {@link PlanException} worded as {@link PlanReader} words Jackson's, on the same line. Two things Jackson would
 * refuse are accepted here, as they already were or do no harm: a key given twice ({@link PlanReader} does not look
 * for duplicates in skipped sections), and keys crafted to collide in Jackson's symbol table (they no longer go into
 * it). Malformed UTF-8 is refused before these bytes arrive ({@link StrictUtf8InputStream}).
 *
 * <p>It starts just after the section's opening bracket and stops at its closing bracket, which it leaves for the
 * parser. Memory stays flat: a few counters and one flag per open object or array.
 */
final class SectionCheck {
    // Between tokens.
    private static final int NAME_OR_END = 10;
    private static final int NAME = 11;
    private static final int COLON = 12;
    private static final int VALUE = 13;
    private static final int VALUE_OR_END = 14;
    private static final int AFTER_VALUE = 15;
    // Inside a token.
    private static final int STRING = 16;
    private static final int NAME_STRING = 17;
    private static final int ESCAPE = 18;
    private static final int UNICODE = 19;
    private static final int MINUS = 20;
    private static final int ZERO = 21;
    private static final int INTEGER = 22;
    private static final int POINT = 23;
    private static final int FRACTION = 24;
    private static final int EXPONENT_MARK = 25;
    private static final int EXPONENT_SIGN = 26;
    private static final int EXPONENT = 27;
    private static final int LITERAL = 28;
    /** After a '+' that starts a value: refused at the next byte, but left to the parser at the end of the input. */
    private static final int PLUS = 29;
    /** After "-I" or "+I", which Jackson reads on as a start of "Infinity" before refusing. */
    private static final int SIGN_I = 30;
    /** Refused, or the section is closed: nothing more is read. */
    private static final int DONE = 31;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private int state;
    /** Open objects and arrays, counted as Jackson counts them (the plan object is 1); {@code objects[d]} says which. */
    private int depth;
    private int sectionDepth;
    private final boolean[] objects = new boolean[PlanJson.MAX_NESTING_DEPTH + 2];
    /** Where an escape sequence returns to. */
    private int escaped;
    private int hexLeft;
    private int hexValue;
    /** Bytes of the key being checked, as Jackson counts them: escapes decoded and encoded as UTF-8. */
    private long nameBytes;
    private long digits;
    private byte[] literal;
    private int literalAt;
    /** File offset of the next byte to check. */
    private long offset;
    /** Line of the current byte and where that line starts, counted as Jackson counts them. */
    private long line;
    private long lineStart;
    private long lastCarriageReturn = -2;

    /**
     * A check that {@link #begin} starts. One serves all the values a parser skips, one after the other: a large plan
     * has hundreds of thousands, and a new check for each (its table of open brackets included) cost a fifth of the
     * parser's time.
     */
    SectionCheck() {
        state = DONE;
    }

    /** A check begun at once: see {@link #begin}. */
    SectionCheck(boolean object, int depth, long offset, long line, long lineStart) {
        begin(object, depth, offset, line, lineStart);
    }

    /**
     * Starts checking the contents of the object ({@code object}) or array whose opening bracket, at nesting depth
     * {@code depth}, ends just before file offset {@code offset}, which is on {@code line}, a line that starts at
     * file offset {@code lineStart}. Whatever was checked before is forgotten.
     */
    void begin(boolean object, int depth, long offset, long line, long lineStart) {
        this.depth = depth;
        this.sectionDepth = depth;
        this.objects[depth] = object;
        this.state = object ? NAME_OR_END : VALUE_OR_END;
        this.offset = offset;
        this.line = line;
        this.lineStart = lineStart;
        this.lastCarriageReturn = -2;
    }

    /** The line of the next byte to check, counted from the line given at the start as Jackson counts lines. */
    long line() {
        return line;
    }

    /** The file offset where {@link #line()} starts. */
    long lineStart() {
        return lineStart;
    }

    /**
     * Checks {@code b[from, to)}, the next bytes of the section; returns the index of the closing bracket of the
     * section, or -1 if it goes on. Throws a {@link PlanException} at the first error.
     */
    int scan(byte[] b, int from, int to) {
        final int length = to;
        final long base = offset - from;
        int s = state;
        if (s == DONE) {
            throw new IllegalStateException("the section has been checked");
        }
        int i = from;
        try {
            scan:
            while (i < length) {
                int c = b[i] & 0xFF;
                if (s >= STRING) {
                    switch (s) {
                        case STRING:
                        case NAME_STRING: {
                            // Most of a plan is string content.
                            int start = i;
                            i = JsonStringBytes.plainRun(b, i, length);
                            if (s == NAME_STRING) {
                                nameBytes += i - start;
                            }
                            if (i == length) {
                                break scan;
                            }
                            c = b[i] & 0xFF;
                            if (c == '\\') {
                                escaped = s;
                                s = ESCAPE;
                                i++;
                                continue;
                            }
                            if (c != '"') {
                                throw syntaxError(base + i, "illegal unquoted character");
                            }
                            if (s == NAME_STRING) {
                                if (nameBytes > PlanJson.MAX_NAME_LENGTH) {
                                    throw limitError("Name length (" + nameBytes + ") exceeds the maximum allowed ("
                                            + PlanJson.MAX_NAME_LENGTH + ", from `StreamReadConstraints.getMaxNameLength()`)");
                                }
                                // Plans are compact JSON: a key is followed by ':', most often then by a string.
                                if (i + 2 < length && b[i + 1] == ':') {
                                    s = b[i + 2] == '"' ? STRING : VALUE;
                                    i += s == STRING ? 3 : 2;
                                    continue;
                                }
                                s = COLON;
                            } else {
                                // ... and most strings are followed by the next key or item, ',"'.
                                if (i + 2 < length && b[i + 1] == ',' && b[i + 2] == '"') {
                                    s = objects[depth] ? NAME_STRING : STRING;
                                    nameBytes = 0;
                                    i += 3;
                                    continue;
                                }
                                s = AFTER_VALUE;
                            }
                            i++;
                            continue;
                        }
                        case ESCAPE:
                            switch (c) {
                                case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                                    nameBytes++;
                                    s = escaped;
                                    break;
                                case 'u':
                                    hexLeft = 4;
                                    hexValue = 0;
                                    s = UNICODE;
                                    break;
                                default:
                                    throw syntaxError(base + i, "unrecognized character escape");
                            }
                            i++;
                            continue;
                        case UNICODE: {
                            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
                            if (digit < 0) {
                                throw syntaxError(base + i, "unexpected character");
                            }
                            hexValue = hexValue << 4 | digit;
                            if (--hexLeft == 0) {
                                nameBytes += hexValue < 0x80 ? 1 : hexValue < 0x800 ? 2 : 3;
                                s = escaped;
                            }
                            i++;
                            continue;
                        }
                        case INTEGER:
                        case FRACTION:
                        case EXPONENT:
                            while (c >= '0' && c <= '9') {
                                digits++;
                                if (++i == length) {
                                    break scan;
                                }
                                c = b[i] & 0xFF;
                            }
                            if (c == '.' && s == INTEGER) {
                                s = POINT;
                                i++;
                                continue;
                            }
                            if ((c == 'e' || c == 'E') && s != EXPONENT) {
                                s = EXPONENT_MARK;
                                i++;
                                continue;
                            }
                            if (digits > PlanJson.MAX_NUMBER_LENGTH) {
                                throw numberTooLong();
                            }
                            s = AFTER_VALUE;
                            continue; // c is not part of the number: read it again after the value
                        case ZERO:
                            if (c >= '0' && c <= '9') {
                                throw syntaxError(base + i, "invalid numeric value");
                            }
                            s = INTEGER;
                            continue;
                        case MINUS:
                        case PLUS:
                            if (c == 'I') {
                                s = SIGN_I;
                                i++;
                                continue;
                            }
                            if (c < '0' || c > '9' || s == PLUS) {
                                throw syntaxError(base + i, "unexpected character");
                            }
                            digits = 1;
                            s = c == '0' ? ZERO : INTEGER;
                            i++;
                            continue;
                        case SIGN_I:
                            throw syntaxError(base + i, "unexpected character");
                        case POINT:
                        case EXPONENT_SIGN:
                            if (c < '0' || c > '9') {
                                throw syntaxError(base + i, "unexpected character");
                            }
                            digits++;
                            s = s == POINT ? FRACTION : EXPONENT;
                            i++;
                            continue;
                        case EXPONENT_MARK:
                            if (c == '+' || c == '-') {
                                s = EXPONENT_SIGN;
                            } else if (c >= '0' && c <= '9') {
                                digits++;
                                s = EXPONENT;
                            } else {
                                throw syntaxError(base + i, "unexpected character");
                            }
                            i++;
                            continue;
                        case LITERAL:
                            if (c != literal[literalAt]) {
                                throw syntaxError(base + i, "unrecognized token");
                            }
                            if (++literalAt == literal.length) {
                                s = AFTER_VALUE;
                            }
                            i++;
                            continue;
                        default:
                            throw new IllegalStateException("state " + s);
                    }
                }
                // Inside a section, between tokens.
                if (c <= ' ') {
                    if (c == ' ' || c == '\t') {
                        i++;
                        continue;
                    }
                    if (c == '\n' || c == '\r') {
                        lineBreak(c, base + i);
                        i++;
                        continue;
                    }
                    throw syntaxError(base + i, "illegal character");
                }
                if ((c == '}' || c == ']') && (s == AFTER_VALUE || s == NAME_OR_END || s == VALUE_OR_END)) {
                    // As in Jackson, a closing bracket is taken wherever one may come, and must match.
                    s = close(base + i, c == '}');
                    if (s == DONE) {
                        return i;
                    }
                    i++;
                    continue;
                }
                switch (s) {
                    case AFTER_VALUE:
                        if (c == ',') {
                            s = objects[depth] ? NAME : VALUE;
                            break;
                        }
                        throw syntaxError(base + i, "unexpected character");
                    case NAME_OR_END:
                    case NAME:
                        if (c != '"') {
                            throw syntaxError(base + i, "unexpected character");
                        }
                        nameBytes = 0;
                        s = NAME_STRING;
                        break;
                    case COLON:
                        if (c != ':') {
                            throw syntaxError(base + i, "unexpected character");
                        }
                        s = VALUE;
                        break;
                    case VALUE_OR_END:
                    case VALUE:
                        s = startValue(base + i, c);
                        break;
                    default:
                        throw new IllegalStateException("state " + s);
                }
                i++;
            }
        } finally {
            if (state != DONE) {
                state = s;
            }
            offset = base + i;
        }
        return -1;
    }

    /** The state after the first byte {@code c} of a value. */
    private int startValue(long at, int c) {
        switch (c) {
            case '"':
                return STRING;
            case '{':
            case '[':
                if (depth == PlanJson.MAX_NESTING_DEPTH) {
                    throw limitError("Document nesting depth (" + (depth + 1) + ") exceeds the maximum allowed ("
                            + PlanJson.MAX_NESTING_DEPTH + ", from `StreamReadConstraints.getMaxNestingDepth()`)");
                }
                depth++;
                objects[depth] = c == '{';
                return c == '{' ? NAME_OR_END : VALUE_OR_END;
            case '-':
                return MINUS;
            case '+':
                return PLUS;
            case '0':
                digits = 1;
                return ZERO;
            case 't':
            case 'f':
            case 'n':
                literal = c == 't' ? TRUE : c == 'f' ? FALSE : NULL;
                literalAt = 1;
                return LITERAL;
            default:
                if (c >= '1' && c <= '9') {
                    digits = 1;
                    return INTEGER;
                }
                boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                throw syntaxError(at, letter ? "unrecognized token" : "unexpected character");
        }
    }

    /**
     * Closes the object ({@code brace}) or array at file offset {@code at}: {@link #DONE} if it is the section's
     * own, which stays unread.
     */
    private int close(long at, boolean brace) {
        if (objects[depth] != brace) {
            throw syntaxError(at, "unexpected close marker");
        }
        if (depth == sectionDepth) {
            return DONE;
        }
        depth--;
        return AFTER_VALUE;
    }

    /**
     * The file ends inside the section. The parser, given the end after the section's opening bracket, reports the
     * file as truncated, as it would have in most states; in the others this says what it would have said instead.
     */
    PlanException atEnd() {
        long end = offset;
        if (state == NAME || (state == VALUE && !objects[depth])) {
            return syntaxError(end, "unexpected end-of-input within/between " + (objects[depth] ? "Object" : "Array")
                    + " entries");
        }
        if (state == POINT) {
            return syntaxError(end - 1, "unexpected character");
        }
        if (state == LITERAL) {
            return syntaxError(end - 1, "unrecognized token");
        }
        if ((state == INTEGER || state == FRACTION || state == EXPONENT) && digits > PlanJson.MAX_NUMBER_LENGTH) {
            // Jackson checks a number's length where it ends, the end of the input included.
            return numberTooLong();
        }
        return null;
    }

    private PlanException numberTooLong() {
        return limitError("Number value length (" + digits + ") exceeds the maximum allowed ("
                + PlanJson.MAX_NUMBER_LENGTH + ", from `StreamReadConstraints.getMaxNumberLength()`)");
    }

    /** Counts lines as Jackson does: "\\r\\n" is one line break, and so is a lone "\\r" or "\\n". */
    private void lineBreak(int c, long at) {
        lineStart = at + 1;
        if (c == '\n' && lastCarriageReturn == at - 1) {
            return;
        }
        if (c == '\r') {
            lastCarriageReturn = at;
        }
        line++;
    }

    /** A syntax error at file offset {@code at}, placed by its line and column. */
    private PlanException syntaxError(long at, String kind) {
        state = DONE;
        return new PlanException("not valid JSON (line " + line + ", column " + (at - lineStart + 1) + "): " + kind);
    }

    /** A reading limit exceeded, worded as {@link PlanReader#translate} words Jackson's. */
    private PlanException limitError(String what) {
        state = DONE;
        return new PlanException("the plan exceeds a reading limit: " + what);
    }
}
