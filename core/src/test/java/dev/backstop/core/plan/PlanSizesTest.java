package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanSizesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"1048576, 1048576", "2GiB, 2147483648", "2G, 2147483648", "2gb, 2147483648", "500M, 524288000",
        "500 MiB, 524288000", "64k, 65536", "1T, 1099511627776", "7b, 7", " 3KiB , 3072"})
    void sizesAreBytesOrBinaryUnits(String text, long bytes) {
        assertThat(PlanSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "0", "0G", "-1", "2.5G", "2 GB x", "lots", "9999999999T", "1P"})
    void anythingElseIsRefusedWithAHint(String text) {
        assertThatThrownBy(() -> PlanSizes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(not a size: .*e\\.g\\. 2GiB or 500M\\)|the maximum plan size must be more than 0|size too large: .*)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"2147483648 | 2 GiB (2147483648 bytes)", "1048576 | 1 MiB (1048576 bytes)",
        "1000 | 1000 bytes", "1536 | 1536 bytes"})
    void limitsAreShownInTheUnitTheyWereMostLikelyGivenIn(long bytes, String shown) {
        assertThat(PlanSizes.format(bytes)).isEqualTo(shown);
    }
}
