package dev.backstop.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode v(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void disabledMatchesTrueToFalseOrAbsentOnly() throws Exception {
        Weakening disabled = new Weakening(Weakening.Kind.DISABLED, null, null);

        assertThat(disabled.matches(v("true"), v("false"))).isTrue();
        assertThat(disabled.matches(v("true"), null)).isTrue();
        assertThat(disabled.matches(v("false"), v("true"))).isFalse();
        assertThat(disabled.matches(v("true"), v("true"))).isFalse();
    }

    @Test
    void enabledMatchesOnlyTurningADangerousSwitchOn() throws Exception {
        Weakening enabled = new Weakening(Weakening.Kind.ENABLED, null, null);

        assertThat(enabled.matches(v("false"), v("true"))).isTrue();
        assertThat(enabled.matches(null, v("true"))).isTrue();
        assertThat(enabled.matches(v("true"), v("false"))).isFalse();
    }

    @Test
    void decreasedComparesNumbersAndDurations() throws Exception {
        Weakening decreased = new Weakening(Weakening.Kind.DECREASED, null, null);

        assertThat(decreased.matches(v("7"), v("1"))).isTrue();
        assertThat(decreased.matches(v("7"), v("0"))).isTrue();
        assertThat(decreased.matches(v("7"), v("14"))).isFalse();
        assertThat(decreased.matches(v("\"604800s\""), v("\"86400s\""))).isTrue();
        assertThat(decreased.matches(v("\"7d\""), v("\"14d\""))).isFalse();
        assertThat(decreased.matches(v("\"P30D\""), v("\"P7D\""))).isTrue();
        assertThat(decreased.matches(v("\"PT24H\""), v("\"PT12H\""))).isTrue();
        assertThat(decreased.matches(v("7"), null)).isFalse();
    }

    @Test
    void removedMatchesASetValueBecomingEmpty() throws Exception {
        Weakening removed = new Weakening(Weakening.Kind.REMOVED, null, null);

        assertThat(removed.matches(v("\"final-snap\""), v("null"))).isTrue();
        assertThat(removed.matches(v("[{\"a\":1}]"), v("[]"))).isTrue();
        assertThat(removed.matches(v("null"), v("\"x\""))).isFalse();
    }

    @Test
    void changedMatchesOnlyTheListedTransition() throws Exception {
        Weakening suspended = new Weakening(Weakening.Kind.CHANGED, List.of("Enabled"), List.of("Suspended", "Disabled"));

        assertThat(suspended.matches(v("\"Enabled\""), v("\"Suspended\""))).isTrue();
        assertThat(suspended.matches(v("\"Suspended\""), v("\"Enabled\""))).isFalse();
        assertThat(suspended.matches(v("\"Disabled\""), v("\"Suspended\""))).isFalse();
    }

    @Test
    void pathStepsThroughNestedBlocksAndReadsMasks() throws Exception {
        AttributePath path = AttributePath.parse("point_in_time_recovery.enabled");

        assertThat(path.values(v("{\"point_in_time_recovery\":[{\"enabled\":true}]}"))).hasSize(1);
        assertThat(path.values(v("{\"point_in_time_recovery\":[]}"))).isEmpty();
        assertThat(path.marked(v("{\"point_in_time_recovery\":[{\"enabled\":true}]}"))).isTrue();
        assertThat(path.marked(v("{\"point_in_time_recovery\":true}"))).isTrue();
        assertThat(path.marked(v("{}"))).isFalse();
    }
}
