package dev.backstop.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.BuiltInData;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The catalog read from the build's compiled JSON is the catalog read from policies/catalog/*.yml, entry for entry. */
class CompiledCatalogTest {

    @Test
    void theCompiledCatalogIsTheYamlCatalog() {
        assertThat(BuiltInData.section("catalog")).as("the build compiled the built-in data").isNotNull();
        Catalog compiled = CatalogLoader.loadBuiltIn(BuiltInData.section("catalog"));
        Catalog yaml = CatalogLoader.loadBuiltIn(null);

        TreeSet<String> types = new TreeSet<>();
        yaml.kinds().forEach(k -> types.add(k.type()));
        TreeSet<String> compiledTypes = new TreeSet<>();
        compiled.kinds().forEach(k -> compiledTypes.add(k.type()));
        assertThat(compiledTypes).isEqualTo(types).hasSizeGreaterThan(500);
        types.addAll(yaml.backupSignals().lockTypes());
        yaml.backupSignals().references().forEach(r -> types.add(r.type()));
        for (String type : types) {
            assertThat(compiled.kind(type)).as(type).isEqualTo(yaml.kind(type));
            assertThat(compiled.protections(type)).as(type).isEqualTo(yaml.protections(type));
            assertThat(compiled.existenceProtection(type)).as(type).isEqualTo(yaml.existenceProtection(type));
            assertThat(compiled.replacementTriggers(type)).as(type).isEqualTo(yaml.replacementTriggers(type));
        }
        assertThat(compiled.backupSignals()).isEqualTo(yaml.backupSignals());
        assertThat(Catalog.builtIn().kinds()).hasSameSizeAs(yaml.kinds());
    }
}
