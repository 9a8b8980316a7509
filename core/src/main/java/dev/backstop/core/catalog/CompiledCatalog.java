package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The catalog files' shapes ({@link CatalogFiles}) read from the build's JSON copy of them, field for field as the
 * YAML binding reads them (snake_case keys, an absent key is null). The binding's strictness (unknown keys, types)
 * was applied when the copy was made; {@link CatalogLoader} applies the catalog's own checks to both.
 */
final class CompiledCatalog {
    private CompiledCatalog() {
    }

    static CatalogFiles.Index index(JsonNode node) {
        return new CatalogFiles.Index(strings(node.get("files")));
    }

    static CatalogFiles.ProviderFile providerFile(JsonNode node) {
        return new CatalogFiles.ProviderFile(text(node, "provider"), text(node, "source"),
                list(node.get("types"), CompiledCatalog::type), list(node.get("protections"), CompiledCatalog::protection),
                list(node.get("existence_protections"), CompiledCatalog::existence),
                list(node.get("replacement_triggers"), CompiledCatalog::trigger));
    }

    static CatalogFiles.SignalsFile signalsFile(JsonNode node) {
        JsonNode tags = node.get("tag_patterns");
        return new CatalogFiles.SignalsFile(list(node.get("references"), CompiledCatalog::pathEntry),
                list(node.get("locks"), CompiledCatalog::lock), list(node.get("lock_types"), CompiledCatalog::lockType),
                strings(node.get("name_attributes")), strings(node.get("name_patterns")),
                tags == null || tags.isNull() ? null
                        : new CatalogFiles.TagPatterns(strings(tags.get("keys")), strings(tags.get("values"))));
    }

    private static CatalogFiles.TypeEntry type(JsonNode n) {
        return new CatalogFiles.TypeEntry(text(n, "type"), text(n, "role"), text(n, "category"), bool(n, "container"),
                bool(n, "encrypts_data"), text(n, "holds_data_in"), text(n, "note"), integer(n, "ref"));
    }

    private static CatalogFiles.ProtectionEntry protection(JsonNode n) {
        JsonNode weakens = n.get("weakens");
        return new CatalogFiles.ProtectionEntry(text(n, "type"), text(n, "path"), weakens == null || weakens.isNull()
                ? null : new CatalogFiles.WeakensEntry(text(weakens, "kind"), strings(weakens.get("from")),
                        strings(weakens.get("to"))), text(n, "note"), integer(n, "ref"));
    }

    private static CatalogFiles.ExistenceEntry existence(JsonNode n) {
        return new CatalogFiles.ExistenceEntry(text(n, "type"), text(n, "protects"), text(n, "note"), integer(n, "ref"));
    }

    private static CatalogFiles.TriggerEntry trigger(JsonNode n) {
        return new CatalogFiles.TriggerEntry(text(n, "type"), strings(n.get("attributes")), integer(n, "ref"));
    }

    private static CatalogFiles.PathEntry pathEntry(JsonNode n) {
        return new CatalogFiles.PathEntry(text(n, "type"), text(n, "path"), text(n, "note"), integer(n, "ref"));
    }

    private static CatalogFiles.LockEntry lock(JsonNode n) {
        return new CatalogFiles.LockEntry(text(n, "type"), text(n, "path"), n.get("equals"), text(n, "note"),
                integer(n, "ref"));
    }

    private static CatalogFiles.LockTypeEntry lockType(JsonNode n) {
        return new CatalogFiles.LockTypeEntry(text(n, "type"), text(n, "note"), integer(n, "ref"));
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
        if (array == null || array.isNull()) {
            return null;
        }
        List<T> items = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            items.add(element.isNull() ? null : item.apply(element));
        }
        return items;
    }

    private static List<String> strings(JsonNode array) {
        return list(array, JsonNode::asText);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.booleanValue();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.intValue();
    }
}
