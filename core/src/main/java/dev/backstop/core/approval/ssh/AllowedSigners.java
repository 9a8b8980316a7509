package dev.backstop.core.approval.ssh;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An allowed-signers file: the list of who may sign with which key that {@code ssh-keygen -Y verify -f} reads and
 * git uses for {@code gpg.ssh.allowedSignersFile} ({@code ssh-keygen(1)}, ALLOWED SIGNERS). Read it from a trusted
 * place (the protected branch, not the change under review): whoever edits it decides who may approve.
 *
 * <h2>Format</h2>
 * One entry per line: {@code principals [options] keytype base64-key [comment]}. Blank lines and lines whose first
 * non-blank character is {@code #} are ignored; {@code \r\n} line ends are accepted.
 * <ul>
 *   <li><b>principals</b>: a pattern-list ({@code ssh_config(5)} PATTERNS) of identities, e.g.
 *       {@code alice@example.com,*@ops.example.com,!mallory@ops.example.com}: {@code *} and {@code ?} are
 *       wildcards, {@code !} excludes, matching is case-sensitive. The list may be in double quotes.</li>
 *   <li><b>options</b>, comma-separated, keywords case-insensitive:
 *     <ul>
 *       <li>{@code cert-authority}: the key is a CA for certificates. Such a line never lets a plain key sign;
 *           Backstop does not support certificates, so it never matches.</li>
 *       <li>{@code namespaces="a,b*"}: a pattern-list of namespaces the key may sign in.</li>
 *       <li>{@code valid-after="YYYYMMDD[HHMM[SS]][Z]"}, {@code valid-before="..."}: the key may sign at or after,
 *           at or before that time (both bounds inclusive, to the second; a date alone means 00:00:00 that day,
 *           as in ssh-keygen).</li>
 *     </ul>
 *     Option values must be in double quotes, as ssh-keygen requires (it ignores a line with an unquoted
 *     value, so accepting one would let Backstop allow what git and ssh-keygen refuse). An unknown or repeated
 *     option is an error.</li>
 *   <li><b>keytype base64-key</b>: a key of a supported type (see {@link SshPublicKey}). Security-key lines
 *       ({@code sk-ssh-ed25519@openssh.com}, {@code sk-ecdsa-sha2-nistp256@openssh.com}) are read and checked but
 *       never match, because their signatures are not supported yet; a whole team's file does not fail because
 *       one member uses a hardware key. Certificates, DSA and unknown types are errors.</li>
 * </ul>
 *
 * <p><b>Time zone.</b> ssh-keygen reads a time without {@code Z} in the system's local time zone. Backstop runs on
 * CI machines whose zone is arbitrary, so it reads every time as UTC, with or without {@code Z}. Write the
 * {@code Z} so that both read the file the same way.
 *
 * <p>Any malformed line makes {@link #parse} fail with {@code fileName:line: problem}: a file that does not say
 * clearly who may sign is not used at all.
 *
 * <h2>Checking</h2>
 * {@link #check} allows a key to sign as a principal, like {@code ssh-keygen -Y verify}, when some line lists that
 * key, its principals match the principal, it is not a {@code cert-authority} line, its namespaces (if any) match
 * the namespace and the time is inside its validity window. Several lines may list the same key; any one of them
 * that allows is enough. Otherwise the reason says what stopped it, most specific first: the namespace or time
 * window of a line that names the principal, a {@code !} pattern that excludes it, a cert-authority-only line, or
 * that the key is not listed for the principal (and whom it is listed for).
 */
public final class AllowedSigners {
    /** Far more than any team's file; stops a runaway input from being split into millions of lines. */
    static final int MAX_CHARS = 4 * 1024 * 1024;
    private static final Pattern TIMESTAMP = Pattern.compile("(\\d{8}|\\d{12}|\\d{14})Z?");

    private final String fileName;
    private final List<Entry> entries;

    private record Bound(long epochSecond, String text) {
    }

    private record Entry(int line, PatternList principals, boolean certAuthority, PatternList namespaces,
            Bound validAfter, Bound validBefore, SshPublicKey.Listed key) {
    }

    /** Why a key may or may not sign as a principal: {@code reason} is one line for people to read. */
    public record Decision(boolean allowed, String reason) {
    }

    private AllowedSigners(String fileName, List<Entry> entries) {
        this.fileName = fileName;
        this.entries = entries;
    }

    /** Parses the whole file; {@code fileName} is how errors and reasons name it (e.g. {@code .backstop/allowed_signers}). */
    public static AllowedSigners parse(String text, String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (text == null) {
            throw new SshFormatException(fileName + ": allowed signers file is missing");
        }
        if (text.length() > MAX_CHARS) {
            throw new SshFormatException(fileName + ": allowed signers file is too large (over " + MAX_CHARS
                    + " characters)");
        }
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#")) {
                continue;
            }
            String where = fileName + ":" + (i + 1) + ": ";
            try {
                entries.add(entry(i + 1, new Cursor(content)));
            } catch (SshFormatException e) {
                throw new SshFormatException(where + e.getMessage());
            }
        }
        return new AllowedSigners(fileName, List.copyOf(entries));
    }

    /**
     * Whether {@code key} may sign as {@code principal} in {@code namespace} at {@code at} (to the second), and why.
     * Never throws for a key or principal that is simply not allowed: that is a denied decision.
     */
    public Decision check(String principal, SshPublicKey key, String namespace, Instant at) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        if (principal == null || principal.isEmpty()) {
            return new Decision(false, "no principal was given to check key " + key.fingerprint() + " against");
        }
        if (namespace == null || namespace.isEmpty()) {
            return new Decision(false, "no namespace was given to check key " + key.fingerprint() + " in");
        }
        String who = Text.clean(principal);
        String fingerprint = key.fingerprint();
        long now = at.getEpochSecond();
        List<String> outside = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> certAuthorityOnly = new ArrayList<>();
        for (Entry entry : entries) {
            if (!Arrays.equals(entry.key().blob(), key.blobView())) {
                continue;
            }
            PatternList.Match match = entry.principals().match(principal);
            if (match.excludedBy() != null) {
                excluded.add("principal " + who + " is excluded by " + match.excludedBy() + " (" + where(entry) + ")");
                continue;
            }
            if (!match.matched()) {
                continue;
            }
            if (entry.certAuthority()) {
                certAuthorityOnly.add(where(entry));
                continue;
            }
            String problem = problem(entry, namespace, now);
            if (problem == null) {
                return new Decision(true, "key " + fingerprint + " is listed for principal " + who + " ("
                        + where(entry) + ")");
            }
            outside.add(problem + " (" + where(entry) + ")");
        }
        if (!outside.isEmpty()) {
            return new Decision(false, "key " + fingerprint + " for principal " + who + ": " + String.join("; ", outside));
        }
        if (!excluded.isEmpty()) {
            return new Decision(false, "key " + fingerprint + ": " + String.join("; ", excluded));
        }
        if (!certAuthorityOnly.isEmpty()) {
            return new Decision(false, "key " + fingerprint + " is listed for principal " + who
                    + " only as a cert-authority, which applies to certificates, not to a plain key ("
                    + String.join(", ", certAuthorityOnly) + ")");
        }
        List<String> others = principalsFor(key);
        return new Decision(false, "key " + fingerprint + " is not listed for principal " + who
                + (others.isEmpty() ? " (nor for anyone else in " + fileName + ")"
                        : " (it is listed for " + String.join(", ", others) + ")"));
    }

    /**
     * The principal patterns of the lines that list {@code key} and could let it sign (not cert-authority lines),
     * without {@code !} exclusions, in file order, each once. For messages such as "signed by bob@example.com's key".
     */
    public List<String> principalsFor(SshPublicKey key) {
        Objects.requireNonNull(key, "key");
        Set<String> out = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (!entry.certAuthority() && Arrays.equals(entry.key().blob(), key.blobView())) {
                out.addAll(entry.principals().positivePatterns());
            }
        }
        return List.copyOf(out);
    }

    /** How many key lines the file has (comments and blank lines not counted). */
    public int size() {
        return entries.size();
    }

    private String where(Entry entry) {
        return fileName + ":" + entry.line();
    }

    private static String problem(Entry entry, String namespace, long now) {
        if (entry.namespaces() != null && !entry.namespaces().match(namespace).matched()) {
            return "namespace " + Text.clean(namespace) + " not in namespaces=\"" + entry.namespaces().text() + "\"";
        }
        if (entry.validAfter() != null && now < entry.validAfter().epochSecond()) {
            return "outside valid-after " + entry.validAfter().text() + " at " + Instant.ofEpochSecond(now);
        }
        if (entry.validBefore() != null && now > entry.validBefore().epochSecond()) {
            return "outside valid-before " + entry.validBefore().text() + " at " + Instant.ofEpochSecond(now);
        }
        return null;
    }

    private static Entry entry(int line, Cursor cursor) {
        String principalsText = cursor.principals();
        if (SshPublicKey.isKeyTypeName(principalsText)) {
            throw new SshFormatException("the line starts with key type " + Text.clean(principalsText)
                    + ": the principals are missing (principals [options] keytype base64-key)");
        }
        PatternList principals = PatternList.parse(principalsText, "principal");
        String next = cursor.word();
        if (next == null) {
            throw new SshFormatException("missing key type and key after the principals");
        }
        boolean certAuthority = false;
        PatternList namespaces = null;
        Bound validAfter = null;
        Bound validBefore = null;
        String keyType = next;
        if (!SshPublicKey.looksLikeKeyType(next)) {
            for (String option : splitOptions(next)) {
                int equals = option.indexOf('=');
                String name = (equals < 0 ? option : option.substring(0, equals)).toLowerCase(Locale.ROOT);
                String value = equals < 0 ? null : option.substring(equals + 1);
                switch (name) {
                    case "cert-authority":
                        if (value != null) {
                            throw new SshFormatException("option cert-authority takes no value");
                        }
                        certAuthority = true;
                        break;
                    case "namespaces":
                        requireOnce(namespaces, name);
                        namespaces = PatternList.parse(quoted(name, value), "namespace");
                        break;
                    case "valid-after":
                        requireOnce(validAfter, name);
                        validAfter = timestamp(name, quoted(name, value));
                        break;
                    case "valid-before":
                        requireOnce(validBefore, name);
                        validBefore = timestamp(name, quoted(name, value));
                        break;
                    default:
                        throw new SshFormatException(option.isEmpty() ? "empty option (a comma too many in the options)"
                                : "unknown option " + Text.quote(name)
                                        + " (known: cert-authority, namespaces, valid-after, valid-before)");
                }
            }
            keyType = cursor.word();
            if (keyType == null) {
                throw new SshFormatException("missing key type and key after the options");
            }
        }
        String base64 = cursor.word();
        if (base64 == null) {
            throw new SshFormatException("missing base64 key after " + Text.clean(keyType));
        }
        return new Entry(line, principals, certAuthority, namespaces, validAfter, validBefore,
                SshPublicKey.listed(keyType, base64));
    }

    private static void requireOnce(Object existing, String name) {
        if (existing != null) {
            throw new SshFormatException("option " + name + " is given more than once");
        }
    }

    /** Splits options at commas outside double quotes. */
    private static List<String> splitOptions(String text) {
        List<String> out = new ArrayList<>();
        boolean inQuotes = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inQuotes = !inQuotes;
            } else if (c == ',' && !inQuotes) {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        out.add(text.substring(start));
        return out;
    }

    private static String quoted(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new SshFormatException("option " + name + " needs a value, e.g. " + name + "=\"...\"");
        }
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"'
                || value.substring(1, value.length() - 1).indexOf('"') >= 0) {
            throw new SshFormatException("option " + name + " needs its value in double quotes, e.g. " + name
                    + "=\"" + Text.clean(value.replace("\"", "")) + "\" (ssh-keygen ignores the line otherwise)");
        }
        return value.substring(1, value.length() - 1);
    }

    /** {@code YYYYMMDD[Z]} or {@code YYYYMMDDHHMM[SS][Z]}, read as UTC (see the class description). */
    private static Bound timestamp(String name, String value) {
        if (!TIMESTAMP.matcher(value).matches()) {
            throw new SshFormatException(name + " " + Text.quote(value)
                    + " is not a time (YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])");
        }
        String digits = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
        try {
            LocalDateTime time = LocalDateTime.of(Integer.parseInt(digits.substring(0, 4)),
                    Integer.parseInt(digits.substring(4, 6)), Integer.parseInt(digits.substring(6, 8)),
                    digits.length() > 8 ? Integer.parseInt(digits.substring(8, 10)) : 0,
                    digits.length() > 8 ? Integer.parseInt(digits.substring(10, 12)) : 0,
                    digits.length() > 12 ? Integer.parseInt(digits.substring(12, 14)) : 0);
            return new Bound(time.toEpochSecond(ZoneOffset.UTC), value);
        } catch (DateTimeException e) {
            throw new SshFormatException(name + " " + Text.quote(value) + " is not a valid date and time");
        }
    }

    /** Reads the fields of one line (already stripped, not a comment). */
    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        /** The principals field: a quoted string (which may hold spaces) or a word. */
        String principals() {
            if (text.charAt(0) != '"') {
                return word();
            }
            int close = text.indexOf('"', 1);
            if (close < 0) {
                throw new SshFormatException("the quoted principals have no closing quote");
            }
            at = close + 1;
            if (at < text.length() && !isBlank(text.charAt(at))) {
                throw new SshFormatException("text right after the closing quote of the principals");
            }
            return text.substring(1, close);
        }

        /** The next run of non-blank characters, where blanks inside double quotes do not end it; null at the end. */
        String word() {
            while (at < text.length() && isBlank(text.charAt(at))) {
                at++;
            }
            if (at == text.length()) {
                return null;
            }
            int start = at;
            boolean inQuotes = false;
            while (at < text.length() && (inQuotes || !isBlank(text.charAt(at)))) {
                if (text.charAt(at) == '"') {
                    inQuotes = !inQuotes;
                }
                at++;
            }
            if (inQuotes) {
                throw new SshFormatException("a quoted value has no closing quote");
            }
            return text.substring(start, at);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
