package dev.backstop.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.BuiltInData;
import org.junit.jupiter.api.Test;

/** The rules read from the build's compiled JSON are the rules of policies/rules.yml. */
class CompiledRuleBookTest {

    @Test
    void theCompiledRulesAreTheYamlRules() {
        assertThat(BuiltInData.section("rules.yml")).as("the build compiled the built-in data").isNotNull();

        assertThat(RuleBook.fromCompiled(BuiltInData.section("rules.yml")).infos())
                .isEqualTo(RuleBook.fromYaml().infos())
                .hasSizeGreaterThan(10);
    }
}
