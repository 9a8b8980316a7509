package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-ahead thread must be invisible: the same bytes, the same end, the same failure, at the same place. */
class ReadAheadInputStreamTest {
    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, ReadAheadInputStream.CHUNK - 1, ReadAheadInputStream.CHUNK,
        ReadAheadInputStream.CHUNK * 3 + 17, ReadAheadInputStream.CHUNK * (ReadAheadInputStream.CHUNKS + 3)})
    void passesEveryByteInOrder(int length) throws IOException {
        byte[] input = bytes(length);

        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(input))) {
            assertThat(ChunkedReads.readAll(in, 8000)).isEqualTo(input);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void singleByteReadsSeeTheSameBytes() throws IOException {
        byte[] input = bytes(1000);

        try (InputStream in = new ReadAheadInputStream(new ByteArrayInputStream(input))) {
            for (byte b : input) {
                assertThat(in.read()).isEqualTo(b & 0xFF);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theSourcesFailureComesAfterTheBytesBeforeIt() throws IOException {
        byte[] input = ("{\"ok\":\"" + "a".repeat(ReadAheadInputStream.CHUNK * 2) + "\u00e9\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int bad = input.length - 3; // é's continuation byte becomes a second lead byte
        input[bad] = (byte) 0xC3;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();

        try (InputStream in = new ReadAheadInputStream(new StrictUtf8InputStream(new ByteArrayInputStream(input)))) {
            assertThatThrownBy(() -> {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                    seen.write(buffer, 0, n);
                }
            }).isInstanceOf(PlanException.class).hasMessageContaining("offset " + bad);
        }
        // Everything the strict stream let through before the bad byte, and nothing after it.
        assertThat(seen.size()).isLessThanOrEqualTo(bad).isGreaterThanOrEqualTo(ReadAheadInputStream.CHUNK * 2);
    }

    @Test
    void anIoFailureOfTheSourceIsRethrownAsItWas() throws IOException {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ < 10) {
                    return 'x';
                }
                throw new IOException("disk on fire");
            }
        };

        try (InputStream in = new ReadAheadInputStream(failing)) {
            byte[] first = in.readNBytes(10);
            assertThat(first).hasSize(10);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("disk on fire");
        }
    }

    @Test
    void runningOutOfMemoryWhileReadingReachesTheCallerAsItWas() throws IOException {
        InputStream exhausted = new InputStream() {
            @Override
            public int read() {
                throw new OutOfMemoryError("simulated");
            }
        };

        try (InputStream in = new ReadAheadInputStream(exhausted)) {
            assertThatThrownBy(in::read).isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        }
    }

    @Test
    void aLongPlanReusesAFixedSetOfBuffers() throws IOException {
        int length = ReadAheadInputStream.CHUNK * (ReadAheadInputStream.BUFFERS * 3);
        InputStream zeros = new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        java.util.Set<byte[]> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        try (ReadAheadInputStream in = new ReadAheadInputStream(zeros)) {
            long total = 0;
            byte[] buffer = new byte[8000];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                total += n;
                seen.add(in.currentBuffer());
            }
            assertThat(total).isEqualTo(length);
        }
        assertThat(seen).hasSizeLessThanOrEqualTo(ReadAheadInputStream.BUFFERS);
    }

    @Test
    void closingEarlyStopsTheThreadAndClosesTheSource() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        CountDownLatch reading = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                reading.countDown();
                return ' ';
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        ReadAheadInputStream in = new ReadAheadInputStream(endless);
        assertThat(in.read()).isEqualTo(' ');
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        in.close();

        assertThat(closed).isTrue();
        assertThat(in.workerAlive()).isFalse();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }
}
