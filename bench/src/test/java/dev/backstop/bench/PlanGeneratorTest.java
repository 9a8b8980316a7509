package dev.backstop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanReader;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's input must be what it claims: a plan Backstop's real reader accepts, with the hidden destroys the
 * real check must stop (and nothing else to stop), and sections sized like a real plan's.
 */
class PlanGeneratorTest {
    private static final int CHANGES = 800;
    private static PlanGenerator generator;
    private static byte[] plan;
    private static PlanGenerator.Sizes claimed;

    @BeforeAll
    static void generate() throws IOException {
        generator = new PlanGenerator(CHANGES, 3, 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        claimed = generator.write(out);
        plan = out.toByteArray();
    }

    @Test
    void theRealReaderReadsEveryChangeWithMixedActionsAndProviders() {
        List<ResourceChange> changes = new ArrayList<>();
        PlanInfo info = new PlanReader().read(new ByteArrayInputStream(plan), changes::add);

        assertThat(info.changeCount()).isEqualTo(CHANGES);
        assertThat(info.formatVersion()).isEqualTo("1.2");
        assertThat(info.errored()).isFalse();
        Map<ChangeKind, Long> kinds = changes.stream().collect(Collectors.groupingBy(ResourceChange::kind,
                () -> new EnumMap<>(ChangeKind.class), Collectors.counting()));
        assertThat(kinds).containsOnlyKeys(ChangeKind.NO_OP, ChangeKind.UPDATE, ChangeKind.CREATE, ChangeKind.READ,
                ChangeKind.DELETE);
        assertThat(kinds.get(ChangeKind.DELETE)).isEqualTo(3);
        assertThat(kinds.get(ChangeKind.NO_OP)).isGreaterThan(CHANGES / 2);
        assertThat(changes.stream().map(ResourceChange::providerName).distinct())
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(changes.stream().map(ResourceChange::address).distinct()).hasSize(CHANGES);
        assertThat(changes.stream().filter(ResourceChange::isDestructive).map(ResourceChange::address))
                .containsExactlyElementsOf(generator.hiddenAddresses());
    }

    @Test
    void theRealCheckStopsTheHiddenDestroysAndNothingElse() {
        CheckReport report = PlanCheck.defaults().run(PlanSource.stdin(new ByteArrayInputStream(plan)),
                new PlanConverter(List.of("terraform"), Duration.ofSeconds(5)));

        assertThat(report.verdict()).isEqualTo(Verdict.APPROVAL_REQUIRED);
        assertThat(report.verdict().exitCode()).isEqualTo(3);
        Set<String> hidden = Set.copyOf(generator.hiddenAddresses());
        assertThat(report.findings()).extracting(Finding::address).allMatch(hidden::contains);
        assertThat(report.findings()).filteredOn(f -> f.rule().equals("stateful-destroy"))
                .extracting(Finding::address).containsExactlyInAnyOrderElementsOf(hidden);
        assertThat(report.summary().get("delete")).isEqualTo(3L);
    }

    @Test
    void sectionsAreSizedLikeARealPlanAndAsTheGeneratorSays() throws IOException {
        Map<String, Long> measured = topLevelSectionSizes(plan);

        assertThat(claimed.total()).isEqualTo(plan.length);
        for (String section : List.of("planned_values", "resource_changes", "prior_state", "configuration")) {
            // The generator counts from the field name's start, the parser from the value's: the name and colon.
            assertThat(claimed.sections().get(section) - measured.get(section))
                    .as(section).isBetween(0L, (long) section.length() + 4);
        }
        double total = plan.length;
        // resource_changes carries before and after; state and planned values one copy each (plan-format.md).
        assertThat(measured.get("resource_changes") / total).isBetween(0.35, 0.60);
        assertThat(measured.get("planned_values") / total).isBetween(0.15, 0.30);
        assertThat(measured.get("prior_state") / total).isBetween(0.15, 0.30);
        assertThat(measured.get("configuration") / total).isBetween(0.01, 0.10);
        // About 2.6 KB per change, so 100,000 changes make the ~260 MB plan the targets speak of.
        assertThat(total / CHANGES).isBetween(2300.0, 2900.0);
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws IOException {
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new PlanGenerator(CHANGES, 3, 42).write(again);
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        new PlanGenerator(CHANGES, 3, 7).write(other);

        assertThat(again.toByteArray()).isEqualTo(plan);
        assertThat(other.toByteArray()).isNotEqualTo(plan);
    }

    /** Byte length of each top-level value, found by an independent pass of Jackson's parser. */
    private static Map<String, Long> topLevelSectionSizes(byte[] json) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                long start = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                long end = parser.currentLocation().getByteOffset();
                sizes.put(name, end - start);
            }
        }
        return sizes;
    }
}
