package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The YAML shapes of policies/catalog/ (see docs/catalog-format.md), bound strictly: an unknown key is an error.
 * Only {@link CatalogLoader} sees these; the rest of Backstop uses {@link Catalog}.
 */
final class CatalogFiles {
    private CatalogFiles() {
    }

    record Index(List<String> files) {
    }

    record ProviderFile(String provider, String source, List<TypeEntry> types, List<ProtectionEntry> protections,
            List<ExistenceEntry> existenceProtections, List<TriggerEntry> replacementTriggers) {
    }

    record TypeEntry(String type, String role, String category, Boolean container, Boolean encryptsData,
            String holdsDataIn, String note, Integer ref) {
    }

    record ProtectionEntry(String type, String path, WeakensEntry weakens, String note, Integer ref) {
    }

    record WeakensEntry(String kind, List<String> from, List<String> to) {
    }

    record ExistenceEntry(String type, String protects, String note, Integer ref) {
    }

    record TriggerEntry(String type, List<String> attributes, Integer ref) {
    }

    record SignalsFile(List<PathEntry> references, List<LockEntry> locks, List<LockTypeEntry> lockTypes,
            List<String> nameAttributes, List<String> namePatterns, TagPatterns tagPatterns) {
    }

    record PathEntry(String type, String path, String note, Integer ref) {
    }

    record LockEntry(String type, String path, JsonNode equals, String note, Integer ref) {
    }

    record LockTypeEntry(String type, String note, Integer ref) {
    }

    record TagPatterns(List<String> keys, List<String> values) {
    }
}
