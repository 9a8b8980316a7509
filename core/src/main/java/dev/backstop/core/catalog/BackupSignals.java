package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * How to tell that a bucket or storage account holds backups, strongest signal first (docs/catalog-format.md):
 * another resource names it as the destination of copies or exports; it carries a lock or retention setting;
 * its name or tags say so.
 *
 * @param references     attributes of other resources whose value names a store that receives backups
 * @param locks          lock / immutability settings on the store itself, by type
 * @param lockTypes      resource types that lock the bucket they target
 * @param nameAttributes where a store's name is found
 * @param namePatterns   lower-case substrings of names that mean "backup"
 * @param tagKeys        lower-case substrings of tag/label keys that mean "backup"
 * @param tagValues      lower-case substrings of tag/label values that mean "backup"
 */
public record BackupSignals(List<Reference> references, Map<String, List<Lock>> locks, List<String> lockTypes,
        List<String> nameAttributes, List<String> namePatterns, List<String> tagKeys, List<String> tagValues) {

    public BackupSignals {
        references = List.copyOf(references);
        locks = Map.copyOf(locks);
        lockTypes = List.copyOf(lockTypes);
        nameAttributes = List.copyOf(nameAttributes);
        namePatterns = List.copyOf(namePatterns);
        tagKeys = List.copyOf(tagKeys);
        tagValues = List.copyOf(tagValues);
    }

    /** An attribute of {@code type} whose value names a store that receives backups or copies. */
    public record Reference(String type, AttributePath path, String note) {
    }

    /** A lock setting: the value at {@code path} equals {@code equals}, or is set when {@code equals} is null. */
    public record Lock(String type, AttributePath path, JsonNode equals, String note) {
        /** Whether a value found at {@link #path} means the store is locked. */
        public boolean matches(JsonNode value) {
            return equals == null ? Weakening.isSet(value) : equals.asText().equals(value.asText());
        }
    }
}
