package dev.backstop.core.fingerprint;

import static dev.backstop.core.testing.Plans.change;
import static dev.backstop.core.testing.Plans.planWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanFingerprintTest {
    private static final String DELETE = change("aws_db_instance.orders",
            "\"actions\":[\"delete\"],\"before\":{\"identifier\":\"orders\",\"allocated_storage\":200},\"after\":null");
    private static final String UPDATE = change("aws_security_group.web",
            "\"actions\":[\"update\"],\"before\":{\"name\":\"web\",\"description\":\"a\"},\"after\":{\"name\":\"web\",\"description\":\"b\"},\"after_unknown\":{}");
    private static final String NO_OP = change("aws_s3_bucket.logs",
            "\"actions\":[\"no-op\"],\"before\":{\"bucket\":\"logs\"},\"after\":{\"bucket\":\"logs\"}");

    static String fingerprint(String planJson) {
        PlanFingerprint fingerprint = new PlanFingerprint();
        Plans.read(planJson).changes().forEach(fingerprint::add);
        return fingerprint.value();
    }

    static String fingerprint(Path file) {
        PlanFingerprint fingerprint = new PlanFingerprint();
        Plans.read(file).changes().forEach(fingerprint::add);
        return fingerprint.value();
    }

    @Test
    void matchesTheValueOfTheDocumentedReferenceImplementation() {
        // Produced by the Python reference implementation in docs/fingerprint.md.
        assertThat(fingerprint(RepoFiles.plan("delete.json")))
                .isEqualTo("sha256:3e7a358ea32c6790c4f96809840492eee07a91a70648b872db98409abaef20f1");
        assertThat(fingerprint(RepoFiles.plan("deposed.json")))
                .isEqualTo("sha256:68c1a44a773cd4a9ec3f7ee5c9328158d26a22e8c2214dd5af811dfd7496422a");
    }

    @Test
    void planWithoutChangesHasTheFingerprintOfTheDomainLineAlone() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(PlanFingerprint.DOMAIN.getBytes(StandardCharsets.US_ASCII));

        assertThat(fingerprint(planWith(NO_OP))).isEqualTo("sha256:" + HexFormat.of().formatHex(digest));
    }

    @Test
    void ignoresKeyOrderWhitespaceAndTimestamp() {
        String compact = planWith(DELETE, UPDATE);
        String reordered = "{ \"timestamp\" : \"2030-01-01T00:00:00Z\",\n  \"resource_changes\" : [\n"
                + UPDATE.replace("\"actions\":[\"update\"],", "").replace("\"change\":{", "\"change\":{ \"actions\" : [ \"update\" ] ,")
                + ",\n" + DELETE + "],\n \"planned_values\":{}, \"format_version\":\"1.2\"}";

        assertThat(fingerprint(reordered)).isEqualTo(fingerprint(compact));
    }

    @Test
    void ignoresUnchangedResourcesAndReads() {
        String read = change("data.aws_ami.ubuntu", "\"actions\":[\"read\"],\"before\":null,\"after\":{\"id\":\"x\"}");

        assertThat(fingerprint(planWith(DELETE, NO_OP, read, UPDATE))).isEqualTo(fingerprint(planWith(UPDATE, DELETE)));
    }

    @Test
    void changesWhenAnyPlannedValueChanges() {
        String base = fingerprint(planWith(DELETE, UPDATE));

        assertThat(fingerprint(planWith(DELETE.replace("200", "201"), UPDATE))).isNotEqualTo(base);
        assertThat(fingerprint(planWith(DELETE, UPDATE.replace("\"b\"", "\"c\"")))).isNotEqualTo(base);
        assertThat(fingerprint(planWith(DELETE.replace("[\"delete\"]", "[\"forget\"]"), UPDATE))).isNotEqualTo(base);
        assertThat(fingerprint(planWith(DELETE))).isNotEqualTo(base);
    }

    @Test
    void numbersCountAsWrittenSoTrailingZerosMatter() {
        String one = change("aws_x.a", "\"actions\":[\"update\"],\"before\":{\"v\":1.5},\"after\":{\"v\":2.5}");
        String other = change("aws_x.a", "\"actions\":[\"update\"],\"before\":{\"v\":1.50},\"after\":{\"v\":2.5}");

        assertThat(fingerprint(planWith(one))).isNotEqualTo(fingerprint(planWith(other)));
    }

    @Test
    void deposedObjectsAreDistinctFromTheCurrentObject() {
        String current = change("aws_instance.web", "\"actions\":[\"delete\"],\"before\":{\"ami\":\"a\"}");
        String deposed = current.replace("\"provider_name\"", "\"deposed\":\"0000abcd\",\"provider_name\"");

        assertThat(fingerprint(planWith(current, deposed))).isNotEqualTo(fingerprint(planWith(current)));
    }

    @Test
    void refusesTwoChangesForTheSameObject() {
        assertThatThrownBy(() -> fingerprint(planWith(DELETE, DELETE)))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("two changes for aws_db_instance.orders");
    }

    @Test
    void canonicalEncodingSortsKeysByCodePointAndEscapesOnlyWhatItMust() throws Exception {
        var node = dev.backstop.core.plan.PlanJson.mapper().readTree(
                "{\"b\":1.50,\"a\":[true,null,\"<&>\\u0001\\n\\\"\\\\é\"],\"\\ud83d\\ude00\":0,\"\\uffff\":0}");

        assertThat(new String(CanonicalJson.toBytes(node), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[true,null,\"<&>\\u0001\\n\\\"\\\\é\"],\"b\":1.50,\"\uffff\":0,\"\ud83d\ude00\":0}");
    }

    @Test
    void canonicalChangeHasExactlyTheSevenDocumentedKeys() {
        ResourceChange change = Plans.read(RepoFiles.plan("replace.json")).changes().get(0);

        List<String> keys = new java.util.ArrayList<>();
        PlanFingerprint.canonicalChange(change).fieldNames().forEachRemaining(keys::add);

        assertThat(keys).containsExactlyInAnyOrder("actions", "address", "after", "after_unknown", "before", "deposed", "replace_paths");
    }
}
