package dev.backstop.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.approval.ssh.AllowedSigners;
import dev.backstop.core.approval.ssh.RevokedKeys;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.testing.SshKeygen;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Approvals signed with real ssh-keygen keys and signatures, verified in Java, deciding real checks. Each way an
 * approval can be forged or misused is refused with its reason.
 */
class ApprovalVerifierTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String AWS = "registry.terraform.io/hashicorp/aws";

    @TempDir
    Path dir;
    SshKeygen keygen;
    Path alice;
    Path bob;
    String signers;

    @BeforeEach
    void keys() {
        SshKeygen.assumeAvailable();
        keygen = SshKeygen.inTemp(dir);
        alice = keygen.newKey("ed25519", 0, "alice");
        bob = keygen.newKey("ed25519", 0, "bob");
        signers = "alice@example.com " + keygen.publicKeyLine(alice) + "\n"
                + "bob@example.com " + keygen.publicKeyLine(bob) + "\n";
    }

    static String delete(String address) {
        String type = address.split("\\.")[0];
        return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"name\":\""
                + address.split("\\.")[1] + "\",\"provider_name\":\"" + AWS + "\",\"change\":{\"actions\":[\"delete\"],"
                + "\"before\":{\"id\":\"x\"},\"after\":null}}";
    }

    static CheckReport check(Policy policy, String... changes) {
        String plan = "{\"format_version\":\"1.2\",\"planned_values\":{\"root_module\":{}},\"resource_changes\":["
                + String.join(",", changes) + "],\"complete\":true,\"errored\":false}";
        return new PlanCheck(policy, null, Clock.fixed(NOW, ZoneOffset.UTC)).run(
                PlanSource.stdin(new ByteArrayInputStream(plan.getBytes(StandardCharsets.UTF_8))),
                new PlanConverter(List.of("terraform"), Duration.ofSeconds(5)));
    }

    static CheckReport databaseDelete() {
        return check(Policy.builtIn(), delete("aws_db_instance.orders"));
    }

    ApprovalStatement statementFor(CheckReport report, String principal) {
        List<ApprovalStatement.Covered> covered = report.findings().stream().filter(report::isBlocking)
                .map(f -> new ApprovalStatement.Covered(f.rule(), f.address())).toList();
        return new ApprovalStatement(report.fingerprint(), covered, principal, "reviewed", NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(24)), "backstop test");
    }

    ApprovalFile.Loaded signed(ApprovalStatement statement, Path key) {
        ApprovalFile file = ApprovalSigner.sshKeygen().sign(statement, key);
        return new ApprovalFile.Loaded(statement.principal() + ".json", file, null);
    }

    CheckReport review(CheckReport report, Policy policy, String author, RevokedKeys revoked,
            ApprovalFile.Loaded... approvals) {
        ApprovalVerifier verifier = new ApprovalVerifier(policy, AllowedSigners.parse(signers, "allowed_signers"),
                revoked, author, Clock.fixed(NOW, ZoneOffset.UTC));
        return report.withApprovals(verifier.review(report, List.of(approvals)));
    }

    CheckReport review(CheckReport report, ApprovalFile.Loaded... approvals) {
        return review(report, Policy.builtIn(), null, RevokedKeys.none(), approvals);
    }

    /** The one rejection's reason; a rejected approval never lets the plan through. */
    static String rejection(CheckReport reviewed) {
        assertThat(reviewed.verdict()).as("a plan whose approval was rejected").isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(reviewed.approvals().rejected()).hasSize(1);
        return reviewed.approvals().rejected().get(0).reason();
    }

    @Test
    void approvalFromAnAllowedSignerAllowsTheDatabaseDelete() {
        CheckReport report = databaseDelete();
        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);

        CheckReport reviewed = review(report, signed(statementFor(report, "alice@example.com"), alice));

        assertThat(reviewed.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(reviewed.isApproved()).isTrue();
        assertThat(reviewed.approvals().accepted()).extracting(ApprovalReview.Accepted::principal)
                .containsExactly("alice@example.com");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"rsa, 2048", "ecdsa, 256", "ecdsa, 384", "ecdsa, 521"})
    void everySupportedKeyTypeCanApprove(String type, int bits) {
        Path key = keygen.newKey(type, bits, "carol");
        signers = "carol@example.com " + keygen.publicKeyLine(key) + "\n";
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, signed(statementFor(report, "carol@example.com"), key));

        assertThat(reviewed.verdict()).as(reviewed.approvals().rejected().toString()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void approvalOfAnotherPlanDoesNotCount() {
        CheckReport approved = databaseDelete();
        ApprovalFile.Loaded approval = signed(statementFor(approved, "alice@example.com"), alice);
        CheckReport changed = check(Policy.builtIn(), delete("aws_db_instance.orders"), delete("aws_db_instance.users"));

        CheckReport reviewed = review(changed, approval);

        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(rejection(reviewed)).contains("approves another plan");
    }

    @Test
    void statementChangedAfterSigningDoesNotCount() {
        CheckReport report = databaseDelete();
        ApprovalFile.Loaded genuine = signed(statementFor(report, "alice@example.com"), alice);
        byte[] edited = new String(genuine.approval().payload(), StandardCharsets.UTF_8)
                .replace("\"reviewed\"", "\"rubber-stamped\"").getBytes(StandardCharsets.UTF_8);
        ApprovalFile.Loaded forged = new ApprovalFile.Loaded("forged.json",
                new ApprovalFile("forged.json", edited, genuine.approval().signature()), null);

        CheckReport reviewed = review(report, forged);

        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(rejection(reviewed)).contains("does not match the statement");
        assertThat(keygen.verify(writeSigners(), "alice@example.com", "backstop", edited,
                genuine.approval().signature())).isFalse();
    }

    @Test
    void signatureMadeForAnotherNamespaceDoesNotCount() {
        CheckReport report = databaseDelete();
        byte[] payload = statementFor(report, "alice@example.com").toBytes();
        String gitSignature = keygen.sign(alice, payload, "git");

        CheckReport reviewed = review(report, new ApprovalFile.Loaded("git.json",
                new ApprovalFile("git.json", payload, gitSignature), null));

        assertThat(rejection(reviewed)).contains("namespace \"git\"");
    }

    @Test
    void keyThatIsNotAnAllowedSignerDoesNotCount() {
        Path mallory = keygen.newKey("ed25519", 0, "mallory");
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, signed(statementFor(report, "mallory@example.com"), mallory));

        assertThat(rejection(reviewed)).startsWith("not an allowed signer");
    }

    @Test
    void claimingSomeoneElsesPrincipalDoesNotCount() {
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, signed(statementFor(report, "alice@example.com"), bob));

        assertThat(rejection(reviewed)).startsWith("not an allowed signer");
        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void revokedKeyDoesNotCount() {
        CheckReport report = databaseDelete();
        RevokedKeys revoked = RevokedKeys.parse(keygen.publicKeyLine(alice) + "\n", "revoked");

        CheckReport reviewed = review(report, Policy.builtIn(), null, revoked,
                signed(statementFor(report, "alice@example.com"), alice));

        assertThat(rejection(reviewed)).contains("is revoked");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"valid-before=\"20200101\", outside valid-before 20200101", "valid-after=\"20990101Z\", outside valid-after 20990101Z"})
    void keyOutsideItsValidityWindowDoesNotCount(String option, String reason) {
        signers = "alice@example.com " + option + " " + keygen.publicKeyLine(alice) + "\n";
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, signed(statementFor(report, "alice@example.com"), alice));

        assertThat(rejection(reviewed)).startsWith("not an allowed signer").contains(reason);
    }

    @Test
    void planChangedAfterSigningDoesNotCount() {
        CheckReport approved = databaseDelete();
        ApprovalFile.Loaded approval = signed(statementFor(approved, "alice@example.com"), alice);
        CheckReport tampered = check(Policy.builtIn(), delete("aws_db_instance.orders").replace("\"id\":\"x\"",
                "\"id\":\"x\",\"skip_final_snapshot\":true"));

        CheckReport reviewed = review(tampered, approval);

        assertThat(tampered.fingerprint()).isNotEqualTo(approved.fingerprint());
        assertThat(rejection(reviewed)).contains("approves another plan");
    }

    @Test
    void truncatedArmorDoesNotCount() {
        CheckReport report = databaseDelete();
        ApprovalFile genuine = signed(statementFor(report, "alice@example.com"), alice).approval();
        String armor = genuine.signature();
        List<String> lines = new ArrayList<>(armor.lines().toList());
        lines.remove(lines.size() - 2);

        for (String truncated : List.of(armor.substring(0, armor.length() / 2), String.join("\n", lines) + "\n")) {
            CheckReport reviewed = review(report, new ApprovalFile.Loaded("cut.json",
                    new ApprovalFile("cut.json", genuine.payload(), truncated), null));

            assertThat(rejection(reviewed)).startsWith("the signature cannot be read: SSH signature");
        }
    }

    /**
     * Re-wrapping the base64 (a mail or chat client, an editor) changes only whitespace: the signature bytes are the
     * same, so the approval still counts, as it does for ssh-keygen. It can never make a signature verify a
     * different statement (statementChangedAfterSigningDoesNotCount).
     */
    @Test
    void armorRewrappedAtAnotherWidthStillCounts() {
        CheckReport report = databaseDelete();
        ApprovalFile genuine = signed(statementFor(report, "alice@example.com"), alice).approval();
        String base64 = String.join("", genuine.signature().lines().filter(l -> !l.startsWith("-----")).toList());
        String rewrapped = "-----BEGIN SSH SIGNATURE-----\n" + base64.replaceAll("(.{76})", "$1\n").strip()
                + "\n-----END SSH SIGNATURE-----\n";

        CheckReport reviewed = review(report, new ApprovalFile.Loaded("rewrapped.json",
                new ApprovalFile("rewrapped.json", genuine.payload(), rewrapped), null));

        assertThat(rewrapped).isNotEqualTo(genuine.signature());
        assertThat(reviewed.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void sha1RsaSignatureDoesNotCountEvenWhenValid() throws Exception {
        Path rsa = keygen.newKey("rsa", 2048, "carol");
        signers = "carol@example.com " + keygen.publicKeyLine(rsa) + "\n";
        CheckReport report = databaseDelete();
        byte[] payload = statementFor(report, "carol@example.com").toBytes();

        CheckReport reviewed = review(report, new ApprovalFile.Loaded("sha1.json",
                new ApprovalFile("sha1.json", payload, sha1RsaSignature(rsa, payload)), null));

        assertThat(rejection(reviewed)).contains("ssh-rsa (RSA with SHA-1), which is refused");
    }

    /**
     * A valid {@code ssh-rsa} (RSA with SHA-1) SSHSIG signature, made with the JDK from the key ssh-keygen generated:
     * current ssh-keygen never makes one for {@code -Y sign}, an attacker's tool could.
     */
    private String sha1RsaSignature(Path key, byte[] message) throws Exception {
        Path pkcs8 = Files.copy(key, dir.resolve("carol-pkcs8"));
        keygen.run(null, List.of("-q", "-p", "-N", "", "-P", "", "-m", "PKCS8", "-f", pkcs8.toString()));
        java.security.PrivateKey privateKey = java.security.KeyFactory.getInstance("RSA").generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(
                        Files.readString(pkcs8).replaceAll("-----[A-Z ]+-----", ""))));
        byte[] hash = java.security.MessageDigest.getInstance("SHA-512").digest(message);
        java.security.Signature signer = java.security.Signature.getInstance("SHA1withRSA");
        signer.initSign(privateKey);
        signer.update(wire(w -> {
            w.write("SSHSIG".getBytes(StandardCharsets.US_ASCII));
            string(w, "backstop".getBytes(StandardCharsets.US_ASCII));
            string(w, new byte[0]);
            string(w, "sha512".getBytes(StandardCharsets.US_ASCII));
            string(w, hash);
        }));
        byte[] value = signer.sign();
        byte[] publicKey = java.util.Base64.getDecoder().decode(keygen.publicKeyLine(key).split(" ")[1]);
        byte[] blob = wire(w -> {
            w.write("SSHSIG".getBytes(StandardCharsets.US_ASCII));
            w.writeInt(1);
            string(w, publicKey);
            string(w, "backstop".getBytes(StandardCharsets.US_ASCII));
            string(w, new byte[0]);
            string(w, "sha512".getBytes(StandardCharsets.US_ASCII));
            string(w, wire(inner -> {
                string(inner, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
                string(inner, value);
            }));
        });
        return "-----BEGIN SSH SIGNATURE-----\n" + java.util.Base64.getMimeEncoder(70, new byte[] {'\n'})
                .encodeToString(blob) + "\n-----END SSH SIGNATURE-----\n";
    }

    private interface WireWriting {
        void write(java.io.DataOutputStream out) throws java.io.IOException;
    }

    private static byte[] wire(WireWriting writing) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writing.write(new java.io.DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static void string(java.io.DataOutputStream out, byte[] value) throws java.io.IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    @Test
    void expiredApprovalDoesNotCount() {
        CheckReport report = databaseDelete();
        ApprovalStatement base = statementFor(report, "alice@example.com");
        ApprovalStatement expired = new ApprovalStatement(base.fingerprint(), base.findings(), base.principal(),
                base.reason(), NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)), base.tool());

        assertThat(rejection(review(report, signed(expired, alice)))).startsWith("expired at");
    }

    @Test
    void approvalOlderThanThePolicyAllowsDoesNotCount() {
        Policy policy = Policy.parse("p.yml", "version: 1\napprovals:\n  max_age: 1h\n");
        CheckReport report = check(policy, delete("aws_db_instance.orders"));
        ApprovalStatement base = statementFor(report, "alice@example.com");
        ApprovalStatement old = new ApprovalStatement(base.fingerprint(), base.findings(), base.principal(),
                base.reason(), NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(3)), base.tool());

        CheckReport reviewed = review(report, policy, null, RevokedKeys.none(), signed(old, alice));

        assertThat(rejection(reviewed)).contains("older than the policy's max_age");
    }

    @Test
    void authorCannotApproveTheirOwnPlan() {
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, Policy.builtIn(), "alice@example.com", RevokedKeys.none(),
                signed(statementFor(report, "alice@example.com"), alice));

        assertThat(rejection(reviewed)).contains("plan's author");
        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
    }

    @Test
    void approvalThatLeavesABlockingFindingUncoveredDoesNotCount() {
        CheckReport report = check(Policy.builtIn(), delete("aws_db_instance.orders"), delete("aws_s3_bucket.files"));
        ApprovalStatement full = statementFor(report, "alice@example.com");
        ApprovalStatement partial = new ApprovalStatement(full.fingerprint(), full.findings().subList(0, 1),
                full.principal(), full.reason(), full.created(), full.expires(), full.tool());

        assertThat(rejection(review(report, signed(partial, alice)))).contains("does not cover 1 blocking finding");
    }

    @Test
    void criticalFindingsNeedTwoDistinctPeopleAndOnePersonCountsOnce() {
        CheckReport report = check(Policy.builtIn(), delete("aws_backup_vault.orders"));
        ApprovalStatement statement = statementFor(report, "alice@example.com");

        CheckReport twiceAlice = review(report, signed(statement, alice), signed(statement, alice));
        CheckReport aliceAndBob = review(report, signed(statement, alice),
                signed(statementFor(report, "bob@example.com"), bob));

        assertThat(twiceAlice.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(rejection(twiceAlice)).contains("each person counts once");
        assertThat(twiceAlice.approvals().missing()).singleElement().asString()
                .contains("critical findings need 2 distinct approvers").contains("1 so far: alice@example.com");
        assertThat(aliceAndBob.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void oneKeyListedForTwoPrincipalsIsOnePerson() {
        signers = "alice@example.com,alias@example.com " + keygen.publicKeyLine(alice) + "\n";
        CheckReport report = check(Policy.builtIn(), delete("aws_backup_vault.orders"));

        CheckReport reviewed = review(report, signed(statementFor(report, "alice@example.com"), alice),
                signed(statementFor(report, "alias@example.com"), alice));

        assertThat(reviewed.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(rejection(reviewed)).contains("same key");
    }

    @Test
    void approverMustBelongToTheRequiredGroup() {
        Policy policy = Policy.parse("p.yml", "version: 1\napprovals:\n  groups:\n    dba: [bob@example.com]\n"
                + "  required:\n    high: {count: 1, from: [dba]}\n");
        CheckReport report = check(policy, delete("aws_db_instance.orders"));

        CheckReport byAlice = review(report, policy, null, RevokedKeys.none(),
                signed(statementFor(report, "alice@example.com"), alice));
        CheckReport byBob = review(report, policy, null, RevokedKeys.none(),
                signed(statementFor(report, "bob@example.com"), bob));

        assertThat(byAlice.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(byAlice.approvals().missing()).singleElement().asString().contains("from dba");
        assertThat(byBob.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void denialStaysADenialWhateverIsSigned() {
        Policy policy = Policy.parse("p.yml", "version: 1\nprotect:\n  - {address: aws_db_instance.orders, reason: r}\n");
        CheckReport report = check(policy, delete("aws_db_instance.orders"));

        CheckReport reviewed = review(report, policy, null, RevokedKeys.none(),
                signed(statementFor(report, "alice@example.com"), alice),
                signed(statementFor(report, "bob@example.com"), bob));

        assertThat(reviewed.verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void fileThatIsNotAnApprovalIsListedAsRejected() throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.json"), "{\"hello\": 1}");
        CheckReport report = databaseDelete();

        CheckReport reviewed = review(report, ApprovalFile.load(junk).toArray(ApprovalFile.Loaded[]::new));

        assertThat(rejection(reviewed)).contains("not an approval");
    }

    @Test
    void javaAgreesWithSshKeygenOnTheSameApprovalFile() throws Exception {
        CheckReport report = databaseDelete();
        ApprovalFile approval = signed(statementFor(report, "alice@example.com"), alice).approval();
        Path file = Files.write(dir.resolve("alice.json"), approval.toBytes());
        ApprovalFile read = ApprovalFile.read(file);

        boolean java = review(report, new ApprovalFile.Loaded(file.toString(), read, null)).verdict() == Verdict.ALLOW;
        boolean openssh = keygen.verify(writeSigners(), "alice@example.com", "backstop", read.payload(),
                read.signature());

        assertThat(java).isTrue();
        assertThat(openssh).isTrue();
    }

    private Path writeSigners() {
        try {
            return Files.writeString(dir.resolve("allowed_signers"), signers);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
