package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Neither side of a handoff waits for ever once the other is gone, and nothing put before it went is lost. */
class HandoffTest {

    @Test
    void takeReturnsWhatTheGiverLeftThenNullOnceItIsGone() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(2);
        queue.add("last");

        assertThat(Handoff.take(queue, () -> true)).isEqualTo("last");
        assertThat(Handoff.take(queue, () -> true)).isNull();
    }

    @Test
    void takeWaitsForAGiverThatIsStillThere() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        Thread giver = new Thread(() -> {
            try {
                Thread.sleep(250);
                queue.put("late");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        giver.start();

        assertThat(Handoff.take(queue, () -> false)).isEqualTo("late");
        giver.join();
    }

    @Test
    void takeNoticesAGiverThreadThatDiedWithoutAWord() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        Thread giver = new Thread(() -> {
        });
        giver.start();
        giver.join();

        assertThat(Handoff.take(queue, () -> !giver.isAlive())).isNull();
    }

    @Test
    void putGivesUpOnAFullQueueOnceTheTakerIsGone() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        queue.add("waiting");
        AtomicBoolean gone = new AtomicBoolean();
        new Thread(() -> {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gone.set(true);
        }).start();

        assertThat(Handoff.put(queue, "more", gone::get)).isFalse();
        assertThat(queue).containsExactly("waiting");
    }

    @Test
    void putSucceedsWhileTheTakerIsThere() throws InterruptedException {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);

        assertThat(Handoff.put(queue, "item", () -> false)).isTrue();
        assertThat(queue).containsExactly("item");
    }
}
