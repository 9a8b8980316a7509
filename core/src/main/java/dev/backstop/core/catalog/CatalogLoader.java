package dev.backstop.core.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BuiltInData;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the catalog from its YAML files, strictly: unknown keys, missing fields, bad roles, categories, kinds and
 * paths, and a type listed twice are errors that name the file (and line, where YAML gives one). A catalog that
 * loads half-right would quietly let a destroy through.
 */
public final class CatalogLoader {
    /** Where the built-in data lives inside the core jar (copied there from policies/ at build time). */
    public static final String BUILT_IN = "/backstop/policies/catalog/";

    static final Set<String> DATA_CATEGORIES = Set.of("relational", "nosql", "warehouse", "object_storage",
            "block_volume", "file_system", "cache", "queue_stream", "search", "secret_key", "identity_store", "dns_zone",
            "registry", "repository", "other_stateful");
    static final Set<String> BACKUP_CATEGORIES = Set.of("backup_vault", "recovery_point", "snapshot",
            "backup_plan", "backup_replication");

    /** Only for YAML read at run time (a policy's catalog, or no compiled data): a YAML binder is slow to start. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder(new YAMLFactory())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    private static volatile Catalog builtIn;

    private final Map<String, ResourceKind> kinds = new LinkedHashMap<>();
    private final Map<String, List<Protection>> protections = new HashMap<>();
    private final Map<String, ExistenceProtection> existence = new HashMap<>();
    private final Map<String, List<String>> triggers = new HashMap<>();

    static Catalog builtIn() {
        Catalog catalog = builtIn;
        if (catalog == null) {
            synchronized (CatalogLoader.class) {
                if (builtIn == null) {
                    builtIn = loadBuiltIn();
                }
                catalog = builtIn;
            }
        }
        return catalog;
    }

    private static Catalog loadBuiltIn() {
        return loadBuiltIn(BuiltInData.section("catalog"));
    }

    /**
     * From the build's JSON copy of the catalog files ({@link BuiltInData}; the YAML binding checked them when it was
     * made), or from the YAML files when {@code compiled} is null. Both go through the same checks below.
     */
    static Catalog loadBuiltIn(JsonNode compiled) {
        CatalogLoader loader = new CatalogLoader();
        CatalogFiles.Index index = compiled != null ? CompiledCatalog.index(file(compiled, "index.yml"))
                : read("index.yml", CatalogFiles.Index.class);
        for (String file : index.files()) {
            loader.addProviderFile(file, compiled != null ? CompiledCatalog.providerFile(file(compiled, file))
                    : read(file, CatalogFiles.ProviderFile.class));
        }
        String signals = "backup-signals.yml";
        return loader.build(file(signals, compiled != null ? CompiledCatalog.signalsFile(file(compiled, signals))
                : read(signals, CatalogFiles.SignalsFile.class)));
    }

    private static JsonNode file(JsonNode compiled, String name) {
        JsonNode file = compiled.get(name);
        if (file == null || !file.isObject()) {
            throw new BackstopException("the built-in data " + BuiltInData.RESOURCE + " has no catalog file " + name);
        }
        return file;
    }

    private static <T> T read(String name, Class<T> shape) {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(BUILT_IN + name)) {
            if (in == null) {
                throw new BackstopException("the built-in catalog file " + name + " is missing from the jar");
            }
            return parse(name, in, shape);
        } catch (IOException e) {
            throw new BackstopException("cannot read the built-in catalog file " + name + ": " + e.getMessage(), e);
        }
    }

    /** Parses one catalog file; errors name the file, line and column. */
    static <T> T parse(String name, InputStream in, Class<T> shape) {
        try {
            T value = Yaml.MAPPER.readValue(in, shape);
            if (value == null) {
                throw new BackstopException("catalog " + name + ": the file is empty");
            }
            return value;
        } catch (JsonMappingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw new BackstopException("catalog " + name + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new BackstopException("catalog " + name + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    void addProviderFile(String name, CatalogFiles.ProviderFile file) {
        String provider = required(name, "provider", file.provider());
        required(name, "source", file.source());
        for (CatalogFiles.TypeEntry entry : list(name, "types", file.types())) {
            String where = name + " type " + entry.type();
            Role role = parseRole(where, required(name, "type", entry.type()) == null ? null : entry.role());
            String category = required(where, "category", entry.category());
            if (!(role == Role.BACKUP ? BACKUP_CATEGORIES : DATA_CATEGORIES).contains(category)) {
                throw new BackstopException("catalog " + where + ": category \"" + category + "\" is not valid for role "
                        + entry.role());
            }
            if (role == Role.MEMBER && entry.holdsDataIn() == null) {
                throw new BackstopException("catalog " + where + ": a member needs holds_data_in");
            }
            if (kinds.containsKey(entry.type())) {
                throw new BackstopException("catalog " + where + ": the type is listed twice");
            }
            kinds.put(entry.type(), new ResourceKind(provider, entry.type(), role, category,
                    Boolean.TRUE.equals(entry.container()), Boolean.TRUE.equals(entry.encryptsData()), entry.holdsDataIn(), required(where, "note", entry.note()),
                    requiredRef(where, entry.ref())));
        }
        for (CatalogFiles.ProtectionEntry entry : list(name, "protections", file.protections())) {
            String where = name + " protection " + entry.type() + "." + entry.path();
            CatalogFiles.WeakensEntry weakens = entry.weakens();
            if (weakens == null) {
                throw new BackstopException("catalog " + where + ": weakens is missing");
            }
            Weakening weakening;
            AttributePath path;
            try {
                weakening = new Weakening(Weakening.Kind.parse(required(where, "weakens.kind", weakens.kind())),
                        weakens.from(), weakens.to());
                path = AttributePath.parse(entry.path());
            } catch (IllegalArgumentException e) {
                throw new BackstopException("catalog " + where + ": " + e.getMessage(), e);
            }
            protections.computeIfAbsent(required(where, "type", entry.type()), t -> new ArrayList<>())
                    .add(new Protection(entry.type(), path, weakening, required(where, "note", entry.note()),
                            requiredRef(where, entry.ref())));
        }
        for (CatalogFiles.ExistenceEntry entry : list(name, "existence_protections", file.existenceProtections())) {
            String where = name + " existence protection " + entry.type();
            existence.put(required(where, "type", entry.type()), new ExistenceProtection(entry.type(),
                    required(where, "protects", entry.protects()), required(where, "note", entry.note()),
                    requiredRef(where, entry.ref())));
        }
        for (CatalogFiles.TriggerEntry entry : list(name, "replacement_triggers", file.replacementTriggers())) {
            String where = name + " replacement triggers " + entry.type();
            triggers.put(required(where, "type", entry.type()), List.copyOf(list(where, "attributes", entry.attributes())));
        }
    }

    Catalog build(BackupSignals signals) {
        for (ResourceKind kind : kinds.values()) {
            if (kind.holdsDataIn() != null && !kinds.containsKey(kind.holdsDataIn())) {
                throw new BackstopException("catalog type " + kind.type() + ": holds_data_in names "
                        + kind.holdsDataIn() + ", which is not in the catalog");
            }
        }
        Map<String, List<Protection>> frozen = new HashMap<>();
        protections.forEach((type, list) -> frozen.put(type, List.copyOf(list)));
        return new Catalog(kinds, frozen, existence, triggers, signals);
    }

    static BackupSignals file(String name, CatalogFiles.SignalsFile file) {
        List<BackupSignals.Reference> references = new ArrayList<>();
        for (CatalogFiles.PathEntry entry : list(name, "references", file.references())) {
            references.add(new BackupSignals.Reference(required(name, "type", entry.type()), path(name, entry.path()), entry.note()));
        }
        Map<String, List<BackupSignals.Lock>> locks = new HashMap<>();
        for (CatalogFiles.LockEntry entry : list(name, "locks", file.locks())) {
            locks.computeIfAbsent(required(name, "type", entry.type()), t -> new ArrayList<>())
                    .add(new BackupSignals.Lock(entry.type(), path(name, entry.path()), entry.equals(), entry.note()));
        }
        Map<String, List<BackupSignals.Lock>> frozen = new HashMap<>();
        locks.forEach((type, list) -> frozen.put(type, List.copyOf(list)));
        List<String> lockTypes = list(name, "lock_types", file.lockTypes()).stream().map(CatalogFiles.LockTypeEntry::type).toList();
        CatalogFiles.TagPatterns tags = file.tagPatterns();
        return new BackupSignals(references, frozen, lockTypes, list(name, "name_attributes", file.nameAttributes()),
                lower(list(name, "name_patterns", file.namePatterns())),
                tags == null || tags.keys() == null ? List.of() : lower(tags.keys()),
                tags == null || tags.values() == null ? List.of() : lower(tags.values()));
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static AttributePath path(String where, String text) {
        try {
            return AttributePath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BackstopException("catalog " + where + ": " + e.getMessage(), e);
        }
    }

    private static Role parseRole(String where, String role) {
        if (role == null) {
            throw new BackstopException("catalog " + where + ": role is missing");
        }
        try {
            return Role.valueOf(role.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BackstopException("catalog " + where + ": role \"" + role + "\" is not data, member or backup", e);
        }
    }

    private static <T> List<T> list(String where, String field, List<T> values) {
        if (values == null) {
            throw new BackstopException("catalog " + where + ": " + field + " is missing");
        }
        return values;
    }

    private static String required(String where, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BackstopException("catalog " + where + ": " + field + " is missing");
        }
        return value;
    }

    private static int requiredRef(String where, Integer ref) {
        if (ref == null || ref < 1) {
            throw new BackstopException("catalog " + where + ": ref (the line in the reference) is missing");
        }
        return ref;
    }
}
