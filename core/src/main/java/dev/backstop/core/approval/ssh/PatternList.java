package dev.backstop.core.approval.ssh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenSSH pattern-list ({@code ssh_config(5)} PATTERNS): comma-separated patterns where {@code *} matches any run
 * of characters, {@code ?} exactly one, everything else itself (case-sensitive, as ssh-keygen matches principals and
 * namespaces); a pattern starting with {@code !} is negated. A subject matches the list when some plain pattern
 * matches it and no negated one does: a negated match excludes, and never produces a match by itself.
 *
 * <p>Matching works on UTF-8 bytes, as OpenSSH does, so {@code ?} is one byte. It is linear-time backtracking
 * (no regular expressions), so a pattern cannot make matching slow.
 */
final class PatternList {
    private final String text;
    private final List<Pattern> patterns;

    private record Pattern(String text, byte[] glob, boolean negated) {
    }

    /** Whether a subject matched, and the negated pattern that excluded it, if one did. */
    record Match(boolean matched, String excludedBy) {
    }

    private PatternList(String text, List<Pattern> patterns) {
        this.text = text;
        this.patterns = patterns;
    }

    /**
     * Parses {@code text}; {@code what} names the list in messages ("principal", "namespace"). Refuses empty patterns
     * (two commas in a row, a lone {@code !}) and whitespace or quotes inside a pattern, which can never match what
     * they look like they match.
     */
    static PatternList parse(String text, String what) {
        if (text.isEmpty()) {
            throw new SshFormatException(what + " list is empty");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            boolean negated = part.startsWith("!");
            String glob = negated ? part.substring(1) : part;
            if (glob.isEmpty()) {
                throw new SshFormatException(what + " list " + Text.quote(text) + " has an empty pattern");
            }
            if (glob.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '"')) {
                throw new SshFormatException(what + " pattern " + Text.quote(part)
                        + " contains whitespace, a quote or a control character");
            }
            patterns.add(new Pattern(part, glob.getBytes(StandardCharsets.UTF_8), negated));
        }
        return new PatternList(text, List.copyOf(patterns));
    }

    String text() {
        return text;
    }

    /** The plain (not negated) patterns, in order. */
    List<String> positivePatterns() {
        List<String> out = new ArrayList<>();
        for (Pattern pattern : patterns) {
            if (!pattern.negated()) {
                out.add(pattern.text());
            }
        }
        return out;
    }

    Match match(String subject) {
        byte[] bytes = subject.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (Pattern pattern : patterns) {
            if (glob(pattern.glob(), bytes)) {
                if (pattern.negated()) {
                    return new Match(false, pattern.text());
                }
                matched = true;
            }
        }
        return new Match(matched, null);
    }

    /** Glob match of the whole subject: on a mismatch, let the last {@code *} take one more byte and retry. */
    static boolean glob(byte[] pattern, byte[] subject) {
        int p = 0;
        int s = 0;
        int star = -1;
        int starSubject = 0;
        while (s < subject.length) {
            if (p < pattern.length && pattern[p] == '*') {
                star = p++;
                starSubject = s;
            } else if (p < pattern.length && (pattern[p] == '?' || pattern[p] == subject[s])) {
                p++;
                s++;
            } else if (star >= 0) {
                p = star + 1;
                s = ++starSubject;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }
}
