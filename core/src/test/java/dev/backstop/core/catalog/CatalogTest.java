package dev.backstop.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogTest {
    private final Catalog catalog = Catalog.builtIn();

    @Test
    void builtInCatalogCoversAtLeastThreeHundredTypesAcrossTheMainProviders() {
        Map<String, Long> perProvider = catalog.kinds().stream()
                .collect(Collectors.groupingBy(ResourceKind::provider, Collectors.counting()));

        assertThat(catalog.kinds()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(perProvider).containsKeys("aws", "google", "azurerm", "kubernetes");
        assertThat(perProvider.get("aws")).isGreaterThan(100);
    }

    @Test
    void auroraClusterHoldsTheDataAndItsInstanceIsOnlyAMember() {
        ResourceKind cluster = catalog.kind("aws_rds_cluster").orElseThrow();
        ResourceKind instance = catalog.kind("aws_rds_cluster_instance").orElseThrow();

        assertThat(cluster.role()).isEqualTo(Role.DATA);
        assertThat(cluster.container()).isTrue();
        assertThat(instance.role()).isEqualTo(Role.MEMBER);
        assertThat(instance.holdsDataIn()).isEqualTo("aws_rds_cluster");
    }

    @Test
    void backupStoresAndEncryptionKeysAreCatalogued() {
        assertThat(catalog.kind("aws_backup_vault").orElseThrow().role()).isEqualTo(Role.BACKUP);
        assertThat(catalog.kind("aws_kms_key").orElseThrow().category()).isEqualTo("secret_key");
        assertThat(catalog.kind("google_sql_database_instance").orElseThrow().role()).isEqualTo(Role.DATA);
        assertThat(catalog.kind("azurerm_recovery_services_vault").orElseThrow().role()).isEqualTo(Role.BACKUP);
        assertThat(catalog.kind("kubernetes_persistent_volume_claim_v1").orElseThrow().role()).isEqualTo(Role.DATA);
        assertThat(catalog.kind("aws_security_group")).isEmpty();
    }

    @Test
    void protectionsAndExistenceProtectionsAreLoaded() {
        assertThat(catalog.protections("aws_db_instance")).extracting(p -> p.path().toString())
                .contains("deletion_protection", "skip_final_snapshot", "backup_retention_period");
        assertThat(catalog.existenceProtection("aws_s3_bucket_versioning")).isPresent();
        assertThat(catalog.replacementTriggers("aws_rds_cluster")).contains("cluster_identifier");
        assertThat(catalog.backupSignals().namePatterns()).contains("backup");
    }

    @Test
    void everyEntryIsTraceableToTheLineOfTheReferenceItCitesWhenTheReferenceIsPresent() throws Exception {
        Path reference = RepoFiles.root().resolveSibling("shared").resolve("reference/catalog.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(reference), "skipped: " + reference + " is absent");
        List<String> lines = Files.readAllLines(reference);
        List<String> untraceable = new ArrayList<>();
        for (ResourceKind kind : catalog.kinds()) {
            String line = kind.ref() <= lines.size() ? lines.get(kind.ref() - 1) : "";
            String shortName = kind.type().substring(kind.type().indexOf('_') + 1);
            if (!line.contains(kind.type()) && !line.contains(shortName) && !mentionsFamily(line, kind.type())) {
                untraceable.add(kind.type() + " -> line " + kind.ref());
            }
        }
        assertThat(untraceable).isEmpty();
    }

    /**
     * Families written once in the reference: `snowflake_stream_on_*`, `azurerm_x_{a,b}`, or a named type followed
     * by its "`folder_` ... variants".
     */
    private static boolean mentionsFamily(String line, String type) {
        for (int cut = type.lastIndexOf('_'); cut > 0; cut = type.lastIndexOf('_', cut - 1)) {
            if (line.contains(type.substring(0, cut + 1) + "*") || line.contains(type.substring(0, cut) + "*")) {
                return true;
            }
        }
        java.util.regex.Matcher braces = java.util.regex.Pattern.compile("(\\w+)\\{([^}]*)}(\\w*)").matcher(line);
        while (braces.find()) {
            for (String member : braces.group(2).split(",")) {
                if (type.equals(braces.group(1) + member.trim() + braces.group(3))) {
                    return true;
                }
            }
        }
        java.util.regex.Matcher variants = java.util.regex.Pattern.compile("`(\\w+?)_(\\w+)`.*variants").matcher(line);
        if (variants.find()) {
            String provider = variants.group(1).substring(0, variants.group(1).indexOf('_') < 0 ? variants.group(1).length() : variants.group(1).indexOf('_'));
            for (java.util.regex.Matcher variant = java.util.regex.Pattern.compile("`(\\w+_)`").matcher(line); variant.find(); ) {
                if (type.startsWith(provider + "_") && type.contains("_" + variant.group(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void unknownKeyIsRejectedWithFileLineAndColumn() {
        String yaml = "provider: aws\nsource: hashicorp/aws\ntypes:\n  - type: aws_x\n    role: data\n    categroy: relational\n";

        assertThatThrownBy(() -> CatalogLoader.parse("bad.yml", stream(yaml), CatalogFiles.ProviderFile.class))
                .isInstanceOf(BackstopException.class)
                .hasMessageContaining("catalog bad.yml (line ")
                .hasMessageContaining("categroy");
    }

    @Test
    void invalidCategoryForTheRoleIsRejected() {
        String yaml = "provider: aws\nsource: hashicorp/aws\ntypes:\n  - {type: aws_x, role: backup, category: relational, note: n, ref: 1}\n"
                + "protections: []\nexistence_protections: []\nreplacement_triggers: []\n";
        CatalogLoader loader = new CatalogLoader();

        assertThatThrownBy(() -> loader.addProviderFile("bad.yml", CatalogLoader.parse("bad.yml", stream(yaml), CatalogFiles.ProviderFile.class)))
                .isInstanceOf(BackstopException.class)
                .hasMessageContaining("category \"relational\" is not valid for role backup");
    }

    @Test
    void badPathAndUnknownWeakeningKindAreRejected() {
        String yaml = "provider: aws\nsource: hashicorp/aws\ntypes: []\nprotections:\n"
                + "  - {type: aws_x, path: \"a[0].b\", weakens: {kind: disabled}, note: n, ref: 1}\n"
                + "existence_protections: []\nreplacement_triggers: []\n";
        String kind = yaml.replace("a[0].b", "a.b").replace("disabled", "vanished");

        assertThatThrownBy(() -> new CatalogLoader().addProviderFile("p.yml", CatalogLoader.parse("p.yml", stream(yaml), CatalogFiles.ProviderFile.class)))
                .isInstanceOf(BackstopException.class).hasMessageContaining("no [0]");
        assertThatThrownBy(() -> new CatalogLoader().addProviderFile("k.yml", CatalogLoader.parse("k.yml", stream(kind), CatalogFiles.ProviderFile.class)))
                .isInstanceOf(BackstopException.class).hasMessageContaining("k.yml");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
