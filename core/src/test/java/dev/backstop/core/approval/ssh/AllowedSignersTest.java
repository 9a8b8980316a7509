package dev.backstop.core.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.testing.SshKeygen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AllowedSignersTest {
    /** Real keys made once with ssh-keygen, kept here so that the format tests run without it. */
    private static final String ALICE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDWu7K5+Uts7KYVEfFwNZmBdoL5PxZFLLzLbxImuLMgV";
    private static final String BOB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJS6mLuTFTuQS9uC7TspcMrjO4XrkUj5fdQV3JMv+0jb";
    private static final SshPublicKey ALICE_KEY = SshPublicKey.parse(ALICE);
    private static final SshPublicKey BOB_KEY = SshPublicKey.parse(BOB);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String FILE = "allowed_signers";
    private static final byte[] MESSAGE = "plan sha256:77aa approved\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static SshKeygen keygen;
    private static final Map<String, Path> KEYS = new HashMap<>();
    private static final Map<String, String> SIGNATURES = new HashMap<>();

    @Test
    void listedKeyMaySignAsItsPrincipal() {
        AllowedSigners signers = parse("alice@example.com " + ALICE + " alice's laptop\n");

        AllowedSigners.Decision decision = signers.check("alice@example.com", ALICE_KEY, "backstop", NOW);

        assertThat(decision).isEqualTo(new AllowedSigners.Decision(true,
                "key " + ALICE_KEY.fingerprint() + " is listed for principal alice@example.com (allowed_signers:1)"));
        assertThat(signers.size()).isEqualTo(1);
    }

    @Test
    void keyNotListedForThePrincipalSaysWhomItIsListedFor() {
        AllowedSigners signers = parse("bob@example.com,robert@example.com " + BOB + "\n");

        assertThat(signers.check("alice@example.com", BOB_KEY, "backstop", NOW)).isEqualTo(new AllowedSigners.Decision(
                false, "key " + BOB_KEY.fingerprint() + " is not listed for principal alice@example.com (it is listed for "
                        + "bob@example.com, robert@example.com)"));
        assertThat(signers.check("alice@example.com", ALICE_KEY, "backstop", NOW).reason()).isEqualTo(
                "key " + ALICE_KEY.fingerprint() + " is not listed for principal alice@example.com (nor for anyone else "
                        + "in allowed_signers)");
    }

    @Test
    void wildcardsMatchAndNegationExcludes() {
        AllowedSigners signers = parse("*@example.com,!mallory@example.com " + ALICE + "\n"
                + "a?ice@ops.example.org " + ALICE + "\n");

        assertThat(allowed(signers, "alice@example.com", ALICE_KEY)).isTrue();
        assertThat(allowed(signers, "@example.com", ALICE_KEY)).as("* matches nothing too").isTrue();
        assertThat(allowed(signers, "alice@ops.example.org", ALICE_KEY)).isTrue();
        assertThat(allowed(signers, "aXice@ops.example.org", ALICE_KEY)).isTrue();
        assertThat(allowed(signers, "aliice@ops.example.org", ALICE_KEY)).as("? is exactly one character").isFalse();
        assertThat(allowed(signers, "alice@example.com.evil", ALICE_KEY)).isFalse();
        assertThat(allowed(signers, "Alice@EXAMPLE.com", ALICE_KEY)).as("case-sensitive, like ssh-keygen").isFalse();
        assertThat(signers.check("mallory@example.com", ALICE_KEY, "backstop", NOW).reason()).isEqualTo("key "
                + ALICE_KEY.fingerprint() + ": principal mallory@example.com is excluded by !mallory@example.com "
                + "(allowed_signers:1)");
    }

    @Test
    void globBacktracksAndTreatsSubjectCharactersLiterally() {
        assertThat(glob("*b", "*xb")).isTrue();
        assertThat(glob("a*b*c", "aXbYbZc")).isTrue();
        assertThat(glob("a*b", "ab")).isTrue();
        assertThat(glob("a*?", "a")).isFalse();
        assertThat(glob("?", "")).isFalse();
        assertThat(glob("*@*.example.com", "x@example.com")).isFalse();
        assertThat(glob("*a*a*a*a*a*b", "a".repeat(5000))).isFalse();
    }

    private static boolean glob(String pattern, String subject) {
        return PatternList.glob(pattern.getBytes(StandardCharsets.UTF_8), subject.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void negatedPatternAloneNeverAllows() {
        AllowedSigners signers = parse("!mallory@example.com " + ALICE + "\n");

        assertThat(allowed(signers, "alice@example.com", ALICE_KEY)).isFalse();
        assertThat(signers.principalsFor(ALICE_KEY)).isEmpty();
    }

    @Test
    void namespacesRestrictWhereAKeyMaySign() {
        AllowedSigners gitOnly = parse("alice@example.com namespaces=\"git\" " + ALICE + "\n");
        AllowedSigners patterns = parse("alice@example.com namespaces=\"git,back*\" " + ALICE + "\n");
        AllowedSigners allBut = parse("alice@example.com namespaces=\"*,!backstop\" " + ALICE + "\n");

        assertThat(gitOnly.check("alice@example.com", ALICE_KEY, "backstop", NOW).reason()).isEqualTo("key "
                + ALICE_KEY.fingerprint() + " for principal alice@example.com: namespace backstop not in "
                + "namespaces=\"git\" (allowed_signers:1)");
        assertThat(gitOnly.check("alice@example.com", ALICE_KEY, "git", NOW).allowed()).isTrue();
        assertThat(patterns.check("alice@example.com", ALICE_KEY, "backstop", NOW).allowed()).isTrue();
        assertThat(patterns.check("alice@example.com", ALICE_KEY, "file", NOW).allowed()).isFalse();
        assertThat(allBut.check("alice@example.com", ALICE_KEY, "backstop", NOW).allowed()).isFalse();
        assertThat(allBut.check("alice@example.com", ALICE_KEY, "file", NOW).allowed()).isTrue();
    }

    @Test
    void validityWindowIsInclusiveToTheSecond() {
        AllowedSigners signers = parse("alice@example.com valid-after=\"20260101120000Z\",valid-before=\"20261231\" "
                + ALICE + "\n");

        assertThat(signers.check("alice@example.com", ALICE_KEY, "backstop", Instant.parse("2026-01-01T11:59:59Z"))
                .reason()).isEqualTo("key " + ALICE_KEY.fingerprint() + " for principal alice@example.com: outside "
                        + "valid-after 20260101120000Z at 2026-01-01T11:59:59Z (allowed_signers:1)");
        assertThat(allowedAt(signers, "2026-01-01T11:59:59.999Z")).isFalse();
        assertThat(allowedAt(signers, "2026-01-01T12:00:00Z")).isTrue();
        assertThat(allowedAt(signers, "2026-12-31T00:00:00Z")).as("a date alone is 00:00:00 that day").isTrue();
        assertThat(allowedAt(signers, "2026-12-31T00:00:00.999Z")).as("compared to the second").isTrue();
        assertThat(allowedAt(signers, "2026-12-31T00:00:01Z")).isFalse();
        assertThat(signers.check("alice@example.com", ALICE_KEY, "backstop", Instant.parse("2027-01-01T00:00:00Z"))
                .reason()).contains("outside valid-before 20261231 at 2027-01-01T00:00:00Z (allowed_signers:1)");
    }

    @Test
    void timesWithoutZAreReadAsUtc() {
        AllowedSigners local = parse("alice@example.com valid-before=\"202612311200\" " + ALICE + "\n");
        AllowedSigners utc = parse("alice@example.com VALID-BEFORE=\"202612311200Z\" " + ALICE + "\n");

        for (AllowedSigners signers : List.of(local, utc)) {
            assertThat(allowedAt(signers, "2026-12-31T12:00:00Z")).isTrue();
            assertThat(allowedAt(signers, "2026-12-31T12:00:01Z")).isFalse();
        }
    }

    @Test
    void certAuthorityLinesNeverLetAPlainKeySign() {
        AllowedSigners signers = parse("*@example.com cert-authority " + ALICE + "\n");

        AllowedSigners.Decision decision = signers.check("alice@example.com", ALICE_KEY, "backstop", NOW);

        assertThat(decision).isEqualTo(new AllowedSigners.Decision(false, "key " + ALICE_KEY.fingerprint()
                + " is listed for principal alice@example.com only as a cert-authority, which applies to certificates, "
                + "not to a plain key (allowed_signers:1)"));
        assertThat(signers.principalsFor(ALICE_KEY)).isEmpty();
    }

    @Test
    void anyOfSeveralLinesForTheSameKeyMayAllow() {
        String restricted = "alice@example.com namespaces=\"git\" " + ALICE + "\n"
                + "alice@example.com valid-before=\"20250101Z\" " + ALICE + "\n";
        AllowedSigners withoutPlainLine = parse(restricted);
        AllowedSigners withPlainLine = parse(restricted + "alice@example.com,al@example.com " + ALICE + "\n");

        assertThat(withoutPlainLine.check("alice@example.com", ALICE_KEY, "backstop", NOW).reason()).isEqualTo("key "
                + ALICE_KEY.fingerprint() + " for principal alice@example.com: namespace backstop not in "
                + "namespaces=\"git\" (allowed_signers:1); outside valid-before 20250101Z at 2026-06-01T12:00:00Z "
                + "(allowed_signers:2)");
        assertThat(withPlainLine.check("alice@example.com", ALICE_KEY, "backstop", NOW).reason())
                .endsWith("is listed for principal alice@example.com (allowed_signers:3)");
        assertThat(withPlainLine.principalsFor(ALICE_KEY)).containsExactly("alice@example.com", "al@example.com");
        assertThat(withPlainLine.principalsFor(BOB_KEY)).isEmpty();
    }

    @Test
    void commentsBlankLinesQuotesAndCrlfAreAccepted() {
        AllowedSigners signers = parse("# team keys\r\n\r\n   \t\n  # indented comment\n"
                + "\"alice@example.com,bob@example.com\"\tnamespaces=\"backstop\"  " + ALICE + "  comment with \"quotes\"\r\n"
                + "\t bob@example.com " + BOB + "\n");

        assertThat(signers.size()).isEqualTo(2);
        assertThat(allowed(signers, "bob@example.com", ALICE_KEY)).isTrue();
        assertThat(allowed(signers, "bob@example.com", BOB_KEY)).isTrue();
        assertThat(signers.principalsFor(ALICE_KEY)).containsExactly("alice@example.com", "bob@example.com");
    }

    @Test
    void securityKeyLinesAreAcceptedButNeverMatch() {
        byte[] raw = Wire.strings(ALICE_KEY.blob()).get(1);
        String skLine = "sk-ssh-ed25519@openssh.com "
                + Wire.of().string("sk-ssh-ed25519@openssh.com").string(raw).string("ssh:").base64();
        AllowedSigners signers = parse("alice@example.com " + skLine + "\nbob@example.com " + BOB + "\n");

        assertThat(signers.size()).isEqualTo(2);
        assertThat(allowed(signers, "alice@example.com", ALICE_KEY)).isFalse();
        assertThat(allowed(signers, "bob@example.com", BOB_KEY)).isTrue();
    }

    @Test
    void emptyPrincipalOrNamespaceIsDenied() {
        AllowedSigners signers = parse("* " + ALICE + "\n");

        assertThat(signers.check("", ALICE_KEY, "backstop", NOW).allowed()).isFalse();
        assertThat(signers.check(null, ALICE_KEY, "backstop", NOW).allowed()).isFalse();
        assertThat(signers.check("alice@example.com", ALICE_KEY, "", NOW).allowed()).isFalse();
        assertThat(signers.check("alice@example.com", ALICE_KEY, "backstop", NOW).allowed()).isTrue();
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                Arguments.of("alice@example.com foo " + ALICE,
                        "unknown option \"foo\" (known: cert-authority, namespaces, valid-after, valid-before)"),
                Arguments.of("alice@example.com valid-after=20260101 " + ALICE,
                        "option valid-after needs its value in double quotes, e.g. valid-after=\"20260101\" (ssh-keygen "
                                + "ignores the line otherwise)"),
                Arguments.of("alice@example.com namespaces=\"git\",Namespaces=\"backstop\" " + ALICE,
                        "option namespaces is given more than once"),
                Arguments.of("alice@example.com valid-after=\"20261301\" " + ALICE,
                        "valid-after \"20261301\" is not a valid date and time"),
                Arguments.of("alice@example.com valid-before=\"2026\" " + ALICE,
                        "valid-before \"2026\" is not a time (YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])"),
                Arguments.of("alice@example.com valid-before=\"20260101T1200Z\" " + ALICE,
                        "valid-before \"20260101T1200Z\" is not a time (YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])"),
                Arguments.of("alice@example.com cert-authority=\"yes\" " + ALICE, "option cert-authority takes no value"),
                Arguments.of("alice@example.com namespaces= " + ALICE,
                        "option namespaces needs a value, e.g. namespaces=\"...\""),
                Arguments.of("alice@example.com namespaces=\"\" " + ALICE, "namespace list is empty"),
                Arguments.of("alice@example.com cert-authority,,namespaces=\"git\" " + ALICE,
                        "empty option (a comma too many in the options)"),
                Arguments.of("alice@example.com namespaces=\"git " + ALICE, "a quoted value has no closing quote"),
                Arguments.of("alice@example.com", "missing key type and key after the principals"),
                Arguments.of("alice@example.com cert-authority", "missing key type and key after the options"),
                Arguments.of("alice@example.com ssh-ed25519", "missing base64 key after ssh-ed25519"),
                Arguments.of("alice@example.com ssh-ed25519 AAAA!!", "SSH public key is not valid base64"),
                Arguments.of("alice@example.com ssh-rsa " + ALICE.split(" ")[1],
                        "SSH public key: the line says ssh-rsa but the key inside is ssh-ed25519"),
                Arguments.of("alice@example.com ssh-ed25519-cert-v01@openssh.com AAAA",
                        "SSH certificates are not supported (key type ssh-ed25519-cert-v01@openssh.com): list the plain key"),
                Arguments.of("alice@example.com ssh-dss AAAA",
                        "DSA keys (ssh-dss) are not supported: OpenSSH has deprecated them; use ssh-ed25519"),
                Arguments.of("alice@example.com ssh-foo AAAA",
                        "unsupported SSH key type \"ssh-foo\" (supported: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521)"),
                Arguments.of("alice@example.com,,bob@example.com " + ALICE,
                        "principal list \"alice@example.com,,bob@example.com\" has an empty pattern"),
                Arguments.of("alice@example.com,! " + ALICE, "principal list \"alice@example.com,!\" has an empty pattern"),
                Arguments.of("\"alice@example.com, bob@example.com\" " + ALICE,
                        "principal pattern \" bob@example.com\" contains whitespace, a quote or a control character"),
                Arguments.of("\"alice@example.com " + ALICE, "the quoted principals have no closing quote"),
                Arguments.of("\"alice@example.com\"x " + ALICE, "text right after the closing quote of the principals"),
                Arguments.of(ALICE, "the line starts with key type ssh-ed25519: the principals are missing "
                        + "(principals [options] keytype base64-key)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("malformedLines")
    void malformedLineIsAnErrorWithFileAndLine(String line, String message) {
        String text = "# team\n\nbob@example.com " + BOB + "\n" + line + "\n";

        assertThatThrownBy(() -> AllowedSigners.parse(text, ".backstop/allowed_signers"))
                .isInstanceOf(SshFormatException.class)
                .hasMessage(".backstop/allowed_signers:4: " + message);
    }

    @Test
    void missingOrHugeFileIsRefused() {
        assertThatThrownBy(() -> AllowedSigners.parse(null, FILE)).hasMessage("allowed_signers: allowed signers file is missing");
        assertThatThrownBy(() -> AllowedSigners.parse("#".repeat(AllowedSigners.MAX_CHARS + 1), FILE))
                .hasMessageStartingWith("allowed_signers: allowed signers file is too large");
        assertThat(AllowedSigners.parse("", FILE).size()).isZero();
    }

    /** One line of the cross-check: an allowed-signers file, who signs, who they claim to be, when, and the verdict. */
    record Case(String name, String file, String signer, String principal, String time, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> crossCheckCases() {
        String a = "{alice}";
        return Stream.of(
                new Case("listed key", "alice@example.com " + a, "alice", "alice@example.com", "20260601120000", true),
                new Case("another key", "alice@example.com {bob}", "alice", "alice@example.com", "20260601120000", false),
                new Case("rsa key", "carol@example.com {carol}", "carol", "carol@example.com", "20260601120000", true),
                new Case("ecdsa key", "dave@example.com {dave}", "dave", "dave@example.com", "20260601120000", true),
                new Case("wildcard", "*@example.com " + a, "alice", "alice@example.com", "20260601120000", true),
                new Case("negation", "*@example.com,!alice@example.com " + a, "alice", "alice@example.com",
                        "20260601120000", false),
                new Case("negation alone", "!bob@example.com " + a, "alice", "alice@example.com", "20260601120000", false),
                new Case("question mark", "a?ice@example.com " + a, "alice", "alice@example.com", "20260601120000", true),
                new Case("case differs", "Alice@example.com " + a, "alice", "alice@example.com", "20260601120000", false),
                new Case("quoted principals", "\"bob@example.com,alice@example.com\" " + a, "alice", "alice@example.com",
                        "20260601120000", true),
                new Case("other namespace only", "alice@example.com namespaces=\"git\" " + a, "alice",
                        "alice@example.com", "20260601120000", false),
                new Case("namespace pattern", "alice@example.com NAMESPACES=\"git,back*\" " + a, "alice",
                        "alice@example.com", "20260601120000", true),
                new Case("namespace negated", "alice@example.com namespaces=\"*,!backstop\" " + a, "alice",
                        "alice@example.com", "20260601120000", false),
                new Case("valid-after, at it", "alice@example.com valid-after=\"20260101Z\" " + a, "alice",
                        "alice@example.com", "20260101000000", true),
                new Case("valid-after, a second before", "alice@example.com valid-after=\"20260101Z\" " + a, "alice",
                        "alice@example.com", "20251231235959", false),
                new Case("valid-before, at it", "alice@example.com valid-before=\"20261231120000Z\" " + a, "alice",
                        "alice@example.com", "20261231120000", true),
                new Case("valid-before, a second after", "alice@example.com valid-before=\"20261231120000Z\" " + a,
                        "alice", "alice@example.com", "20261231120001", false),
                new Case("valid-before without Z, at it", "alice@example.com valid-before=\"202612311200\" " + a, "alice",
                        "alice@example.com", "20261231120000", true),
                new Case("valid-before without Z, after", "alice@example.com valid-before=\"202612311200\" " + a,
                        "alice", "alice@example.com", "20261231120001", false),
                new Case("inside a window", "alice@example.com valid-after=\"20260101\",valid-before=\"20270101\" " + a,
                        "alice", "alice@example.com", "20260601120000", true),
                new Case("cert-authority", "*@example.com cert-authority " + a, "alice", "alice@example.com",
                        "20260601120000", false),
                new Case("restricted line, then plain line", "alice@example.com namespaces=\"git\" " + a
                        + "\nalice@example.com " + a, "alice", "alice@example.com", "20260601120000", true),
                new Case("expired line, then other principal", "alice@example.com valid-before=\"20250101Z\" " + a
                        + "\nbob@example.com " + a, "alice", "alice@example.com", "20260601120000", false),
                new Case("security-key line and plain line", "alice@example.com {sk}\nalice@example.com " + a, "alice",
                        "alice@example.com", "20260601120000", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossCheckCases")
    void checkAgreesWithSshKeygenVerify(Case c) {
        String signature = signature(c.signer());
        String file = c.file();
        for (String name : List.of("alice", "bob", "carol", "dave")) {
            file = file.replace("{" + name + "}", keygen.publicKeyLine(key(name)));
        }
        byte[] raw = Wire.strings(SshPublicKey.parse(keygen.publicKeyLine(key("bob"))).blob()).get(1);
        file = file.replace("{sk}", "sk-ssh-ed25519@openssh.com "
                + Wire.of().string("sk-ssh-ed25519@openssh.com").string(raw).string("ssh:").base64()) + "\n";
        Instant at = LocalDateTime.parse(c.time(), DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC);

        SshSignature parsed = SshSignature.parse(signature);
        boolean java = parsed.verifies(MESSAGE, "backstop")
                && AllowedSigners.parse(file, FILE).check(c.principal(), parsed.publicKey(), "backstop", at).allowed();
        boolean sshKeygen = keygen.verify(keygen.write("allowed_signers", file), c.principal(), "backstop", MESSAGE,
                signature, "-Overify-time=" + c.time());

        assertThat(java).as("Backstop").isEqualTo(c.expected());
        assertThat(sshKeygen).as("ssh-keygen -Y verify").isEqualTo(c.expected());
    }

    private static synchronized Path key(String name) {
        if (keygen == null) {
            keygen = SshKeygen.inTemp(dir);
            KEYS.put("alice", keygen.newKey("ed25519", 0, "alice"));
            KEYS.put("bob", keygen.newKey("ed25519", 0, "bob"));
            KEYS.put("carol", keygen.newKey("rsa", 2048, "carol"));
            KEYS.put("dave", keygen.newKey("ecdsa", 256, "dave"));
        }
        return KEYS.get(name);
    }

    private static synchronized String signature(String signer) {
        Path key = key(signer);
        return SIGNATURES.computeIfAbsent(signer, s -> keygen.sign(key, MESSAGE, "backstop"));
    }

    private static AllowedSigners parse(String text) {
        return AllowedSigners.parse(text, FILE);
    }

    private static boolean allowed(AllowedSigners signers, String principal, SshPublicKey key) {
        return signers.check(principal, key, "backstop", NOW).allowed();
    }

    private static boolean allowedAt(AllowedSigners signers, String instant) {
        return signers.check("alice@example.com", ALICE_KEY, "backstop", Instant.parse(instant)).allowed();
    }
}
