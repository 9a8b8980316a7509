package dev.backstop.core.catalog;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Backstop knows about resource types: which hold data, which are members, which are backup stores, which
 * attribute changes weaken protection, which resources are themselves a protection, and how to recognise a
 * bucket of backups. Built from data files (policies/catalog/) by {@link CatalogLoader}; immutable.
 *
 * <p>Types are matched by name: a resource type name starts with its provider's name, and the same names are used
 * whether the provider comes from registry.terraform.io or registry.opentofu.org.
 */
public final class Catalog {
    private final Map<String, ResourceKind> kinds;
    private final Map<String, List<Protection>> protections;
    private final Map<String, ExistenceProtection> existence;
    private final Map<String, List<String>> triggers;
    private final BackupSignals signals;

    Catalog(Map<String, ResourceKind> kinds, Map<String, List<Protection>> protections,
            Map<String, ExistenceProtection> existence, Map<String, List<String>> triggers, BackupSignals signals) {
        this.kinds = Map.copyOf(kinds);
        this.protections = Map.copyOf(protections);
        this.existence = Map.copyOf(existence);
        this.triggers = Map.copyOf(triggers);
        this.signals = signals;
    }

    /** The built-in catalog shipped in the core jar. */
    public static Catalog builtIn() {
        return CatalogLoader.builtIn();
    }

    public Optional<ResourceKind> kind(String type) {
        return Optional.ofNullable(kinds.get(type));
    }

    public Collection<ResourceKind> kinds() {
        return kinds.values();
    }

    public List<Protection> protections(String type) {
        return protections.getOrDefault(type, List.of());
    }

    public Optional<ExistenceProtection> existenceProtection(String type) {
        return Optional.ofNullable(existence.get(type));
    }

    /** Attributes known to force replacement of {@code type} (the plan's replace_paths are the authority). */
    public List<String> replacementTriggers(String type) {
        return triggers.getOrDefault(type, List.of());
    }

    public BackupSignals backupSignals() {
        return signals;
    }

    /** The categories a type of {@code role} may have (see docs/catalog-format.md). */
    public static Set<String> categories(Role role) {
        return role == Role.BACKUP ? CatalogLoader.BACKUP_CATEGORIES : CatalogLoader.DATA_CATEGORIES;
    }

    /**
     * This catalog with a policy's additions: {@code extra} types (an in-house provider's database, say) are added
     * or replace the built-in entry, and {@code stateless} types are no longer treated as holding anything. Their
     * protections (weakening checks) stay.
     */
    public Catalog extendedWith(Collection<ResourceKind> extra, Set<String> stateless) {
        if (extra.isEmpty() && stateless.isEmpty()) {
            return this;
        }
        Map<String, ResourceKind> merged = new java.util.HashMap<>(kinds);
        for (ResourceKind kind : extra) {
            merged.put(kind.type(), kind);
        }
        merged.keySet().removeAll(stateless);
        return new Catalog(merged, protections, existence, triggers, signals);
    }

    /** True when the catalog says anything about the type. */
    public boolean knows(String type) {
        return kinds.containsKey(type) || protections.containsKey(type) || existence.containsKey(type);
    }
}
