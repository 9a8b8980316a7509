package dev.backstop.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.BuiltInData;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The built-in policy read from the build's compiled tree is the one parsed from policies/default-policy.yml,
 * down to where each value was written (what {@code backstop policy show} prints).
 */
class CompiledPolicyTest {

    @Test
    void theCompiledPolicyIsTheYamlPolicyWithTheSamePositions() {
        assertThat(BuiltInData.section(PolicyLoader.COMPILED_SECTION)).as("the build compiled the built-in data").isNotNull();
        Policy compiled = PolicyLoader.loadBuiltIn(BuiltInData.section(PolicyLoader.COMPILED_SECTION));
        Policy yaml = PolicyLoader.loadBuiltIn(null);
        LocalDate today = LocalDate.of(2026, 11, 2);

        String described = PolicyDescription.describe(yaml, today);
        assertThat(PolicyDescription.describe(compiled, today)).isEqualTo(described).contains("default-policy.yml:7:20");
        assertThat(CompiledYaml.read(BuiltInData.section(PolicyLoader.COMPILED_SECTION), PolicyLoader.DEFAULT_NAME))
                .isEqualTo(PolicyLoader.builtInTree());
    }
}
