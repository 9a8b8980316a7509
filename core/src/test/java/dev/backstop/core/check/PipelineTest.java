package dev.backstop.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanHandler;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.testing.GeneratedPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader thread hands over every change in order, stops when the caller fails, and reports its own failures. */
class PipelineTest {
    private static final PlanConverter CONVERTER = new PlanConverter(List.of("terraform"), Duration.ofSeconds(5));

    @Test
    void everyChangeArrivesInOrderOnTheCallersThread() {
        List<String> addresses = new ArrayList<>();
        Thread caller = Thread.currentThread();
        PlanInfo info = Pipeline.read(PlanSource.stdin(new GeneratedPlan(1_000)), CONVERTER, change -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            addresses.add(change.address());
        });

        assertThat(info.changeCount()).isEqualTo(1_001);
        assertThat(addresses).hasSize(1_001);
        for (int i = 0; i < 1_000; i++) {
            assertThat(addresses.get(i)).isEqualTo("aws_security_group.sg[" + i + "]");
        }
        assertThat(addresses.get(1_000)).isEqualTo("aws_db_instance.orders");
    }

    @Test
    void aFailureWhileJudgingStopsTheReader() throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        PlanHandler failing = new PlanHandler() {
            private int seen;

            @Override
            public void onChange(ResourceChange change) {
                if (++seen == 200) {
                    throw new IllegalStateException("judging failed");
                }
            }
        };

        assertThatThrownBy(() -> Pipeline.read(PlanSource.stdin(new GeneratedPlan(100_000)), CONVERTER, failing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("judging failed");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("backstop-plan-reader"))
                .filteredOn(t -> !before.contains(t)).isEmpty();
    }

    @Test
    void aFailureWhileReadingReachesTheCallerAsItWasThrown() {
        String truncated = "{\"format_version\":\"1.2\",\"planned_values\":{},\"resource_changes\":[{\"address\":\"a.b\"";

        assertThatThrownBy(() -> Pipeline.read(PlanSource.stdin(new ByteArrayInputStream(
                truncated.getBytes(StandardCharsets.UTF_8))), CONVERTER, change -> { }))
                .isInstanceOf(PlanException.class)
                .hasMessageStartingWith("the plan JSON is truncated");
    }
}
