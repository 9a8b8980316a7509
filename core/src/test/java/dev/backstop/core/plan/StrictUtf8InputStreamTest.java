package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ASCII fast path skips runs of plain bytes; whatever the read sizes, it must judge every other byte. */
class StrictUtf8InputStreamTest {
    static final String TEXT = "{\"name\":\"caf\u00e9 \u6771\u4eac \ud83d\udcbe\",\"pad\":\"" + "x".repeat(37)
            + "\u00fc\"}";

    static byte[] readAll(byte[] input, int chunk) throws IOException {
        return ChunkedReads.readAll(new StrictUtf8InputStream(new ByteArrayInputStream(input)), chunk);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 16, 17, 4096})
    void multiByteCharactersSplitAcrossReadsAreAccepted(int chunk) throws IOException {
        byte[] input = TEXT.getBytes(StandardCharsets.UTF_8);

        assertThat(readAll(input, chunk)).isEqualTo(input);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 8, 13, 4096})
    void anOverlongSlashAfterALongAsciiRunIsRefusedAtItsOffset(int chunk) {
        byte[] ascii = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[ascii.length + 2];
        System.arraycopy(ascii, 0, input, 0, ascii.length);
        input[1000] = (byte) 0xC0;
        input[1001] = (byte) 0xAF;

        assertThatThrownBy(() -> readAll(input, chunk)).isInstanceOf(PlanException.class)
                .hasMessageContaining("0xC0").hasMessageContaining("offset 1000");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 4096})
    void aStrayContinuationByteInsideAsciiIsRefused(int chunk) {
        byte[] input = ("{\"a\":\"" + "b".repeat(20) + "?\"}").getBytes(StandardCharsets.US_ASCII);
        input[26] = (byte) 0x80;

        assertThatThrownBy(() -> readAll(input, chunk)).isInstanceOf(PlanException.class)
                .hasMessageContaining("0x80").hasMessageContaining("offset 26");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 4096})
    void aCharacterCutOffAtTheEndIsRefused(int chunk) {
        byte[] whole = ("\"" + "c".repeat(30) + "\u6771").getBytes(StandardCharsets.UTF_8);
        byte[] input = java.util.Arrays.copyOf(whole, whole.length - 1);

        assertThatThrownBy(() -> readAll(input, chunk)).isInstanceOf(PlanException.class)
                .hasMessageContaining("ends inside a multi-byte character");
    }
}
