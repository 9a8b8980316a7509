package dev.backstop.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.catalog.AttributePath;
import dev.backstop.core.catalog.BackupSignals;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.catalog.Role;
import dev.backstop.core.plan.ResourceChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules learn about one plan as it streams by: the destroyed resources (kept small, without values),
 * the names other resources give to stores that receive backups, and counts for plan-wide rules. One context per
 * check; never shared between plans.
 */
public final class PlanContext {
    /** Lock resources name the bucket they lock in this attribute. */
    private static final AttributePath LOCKED_BUCKET = AttributePath.parse("bucket");
    /** Where tags and labels live, in the order they are read. */
    private static final List<AttributePath> TAG_FIELDS = List.of(
            AttributePath.parse("tags"), AttributePath.parse("labels"), AttributePath.parse("tags_all"));

    private final Catalog catalog;
    /** The catalog's name attributes, parsed once. */
    private final List<AttributePath> nameAttributes;
    private final List<DestroyedResource> destroyed = new ArrayList<>();
    /** Store name (as another resource names it) → what names it, e.g. "the replication destination of X". */
    private final Map<String, String> backupReferences = new HashMap<>();
    /** Configuration address of a store (module path + type.name) → what references it as a backup destination. */
    private final Map<String, String> backupConfigReferences = new HashMap<>();
    /** Store name → the lock resource that targets it. */
    private final Map<String, String> lockTargets = new HashMap<>();
    /** Evidence per destroyed resource, decided once at the end of the plan (several rules ask). */
    private final Map<DestroyedResource, Optional<String>> evidence = new java.util.IdentityHashMap<>();
    private long managedChanges;
    /** The types whose values {@link #observe} reads even when unchanged: lock resources and backup references. */
    private final java.util.Set<String> valueTypes;

    public PlanContext(Catalog catalog) {
        this.catalog = catalog;
        java.util.Set<String> types = new java.util.HashSet<>(catalog.backupSignals().lockTypes());
        catalog.backupSignals().references().forEach(reference -> types.add(reference.type()));
        this.valueTypes = java.util.Set.copyOf(types);
        this.nameAttributes = catalog.backupSignals().nameAttributes().stream().map(AttributePath::parse).toList();
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * True when {@link #observe} reads the values of an unchanged ({@code no-op}) or read change of this type: the
     * stores named by backup references and the buckets lock resources target. Other unchanged resources are only
     * counted.
     */
    public boolean readsValuesOf(String mode, String type) {
        return !"data".equals(mode) && valueTypes.contains(type);
    }

    /** Called once per change, before the rules see it. */
    public void observe(ResourceChange change) {
        if (change.isDataSource()) {
            return;
        }
        managedChanges++;
        collectBackupReferences(change);
        if (catalog.backupSignals().lockTypes().contains(change.type())) {
            for (String name : names(change, LOCKED_BUCKET)) {
                lockTargets.putIfAbsent(name, change.address());
            }
        }
        if (change.isDestructive()) {
            destroyed.add(describe(change));
        }
    }

    /**
     * Called for each resource block of the plan's configuration (after all changes). A backup reference written as
     * an expression ({@code bucket = aws_s3_bucket.replica.arn}) names the store by address, which works even when
     * the value is not known until apply.
     */
    public void observeConfiguration(String modulePath, JsonNode resource) {
        String type = resource.path("type").asText();
        if ("data".equals(resource.path("mode").asText())) {
            return;
        }
        String prefix = modulePath.isEmpty() ? "" : modulePath + ".";
        for (BackupSignals.Reference reference : catalog.backupSignals().references()) {
            if (!reference.type().equals(type)) {
                continue;
            }
            String why = namedBy(prefix + resource.path("address").asText(), reference);
            for (JsonNode expression : reference.path().values(resource.path("expressions"))) {
                for (JsonNode target : expression.path("references")) {
                    String[] parts = target.asText().split("\\.");
                    if (parts.length >= 2 && !RESERVED_ROOTS.contains(parts[0])) {
                        backupConfigReferences.putIfAbsent(prefix + parts[0] + "." + parts[1], why);
                    }
                }
                JsonNode constant = expression.get("constant_value");
                if (constant != null && constant.isTextual()) {
                    for (String name : storeNamesIn(constant.textValue())) {
                        backupReferences.putIfAbsent(name, why);
                    }
                }
            }
        }
    }

    /** Reference roots that are not resources. */
    private static final java.util.Set<String> RESERVED_ROOTS = java.util.Set.of("var", "local", "module", "data", "each",
            "count", "path", "terraform", "self");

    /**
     * The configuration address of an instance address: instance keys dropped, so
     * {@code module.a[0].aws_s3_bucket.b["x"]} becomes {@code module.a.aws_s3_bucket.b}.
     */
    static String configAddress(String address) {
        return ResourceChange.configAddressOf(address);
    }

    /** Managed resource changes in the plan, unchanged ones included. */
    public long managedChanges() {
        return managedChanges;
    }

    public List<DestroyedResource> destroyed() {
        return java.util.Collections.unmodifiableList(destroyed);
    }

    /**
     * Why a destroyed store counts as holding backups, strongest signal first, or empty when nothing says so.
     * Only meaningful at the end of the plan, once every reference has been seen.
     */
    public Optional<String> backupEvidence(DestroyedResource resource) {
        return evidence.computeIfAbsent(resource, this::findBackupEvidence);
    }

    private Optional<String> findBackupEvidence(DestroyedResource resource) {
        if (resource.hasRole(Role.BACKUP)) {
            return Optional.of("it is a backup store (" + resource.kind().orElseThrow().categoryLabel() + ")");
        }
        if (!resource.mayHoldBackups()) {
            return Optional.empty();
        }
        String byAddress = backupConfigReferences.get(configAddress(resource.instanceAddress()));
        if (byAddress != null) {
            return Optional.of("it is " + byAddress);
        }
        for (String name : resource.storeNames()) {
            String referrer = backupReferences.get(name);
            if (referrer != null) {
                return Optional.of("it is " + referrer);
            }
        }
        for (String name : resource.storeNames()) {
            String lock = lockTargets.get(name);
            if (lock != null) {
                return Optional.of("it is locked against deletion by " + lock);
            }
        }
        if (resource.lockEvidence() != null) {
            return Optional.of(resource.lockEvidence());
        }
        if (resource.nameEvidence() != null) {
            return Optional.of(resource.nameEvidence());
        }
        return Optional.ofNullable(resource.tagEvidence());
    }

    private void collectBackupReferences(ResourceChange change) {
        for (BackupSignals.Reference reference : catalog.backupSignals().references()) {
            if (!reference.type().equals(change.type())) {
                continue;
            }
            String why = namedBy(change.address(), reference);
            for (String value : names(change, reference.path())) {
                for (String name : storeNamesIn(value)) {
                    backupReferences.putIfAbsent(name, why);
                }
            }
        }
    }

    /** How a backup reference reads in a finding: "named by ADDRESS (path: note)". */
    private static String namedBy(String referrer, BackupSignals.Reference reference) {
        return "named by " + referrer + " (" + reference.path() + ": " + reference.note() + ")";
    }

    /** String values at {@code path} in before and after, skipping sensitive ones. */
    private static List<String> names(ResourceChange change, AttributePath path) {
        List<String> values = new ArrayList<>();
        if (!path.marked(change.beforeSensitive())) {
            path.values(change.before()).stream().filter(JsonNode::isTextual).forEach(v -> values.add(v.textValue()));
        }
        if (!path.marked(change.afterSensitive())) {
            path.values(change.after()).stream().filter(JsonNode::isTextual).forEach(v -> values.add(v.textValue()));
        }
        return values;
    }

    /**
     * The store names a reference value can stand for: the value itself, the bucket of an ARN
     * ({@code arn:aws:s3:::name}), the last segment of a URL or path ({@code storage.googleapis.com/name}), and the
     * account of a connection string ({@code AccountName=name;}).
     */
    static List<String> storeNamesIn(String value) {
        List<String> names = new ArrayList<>();
        names.add(value);
        int arn = value.lastIndexOf(":::");
        if (arn >= 0) {
            names.add(value.substring(arn + 3).split("/")[0]);
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        int slash = trimmed.lastIndexOf('/');
        if (slash >= 0) {
            names.add(trimmed.substring(slash + 1));
        }
        java.util.regex.Matcher account = java.util.regex.Pattern.compile("AccountName=([^;]+)").matcher(value);
        if (account.find()) {
            names.add(account.group(1));
        }
        return names;
    }

    private DestroyedResource describe(ResourceChange change) {
        Optional<ResourceKind> kind = catalog.kind(change.type());
        BackupSignals signals = catalog.backupSignals();
        List<String> storeNames = new ArrayList<>();
        String nameEvidence = null;
        for (AttributePath path : nameAttributes) {
            if (path.marked(change.beforeSensitive())) {
                continue;
            }
            for (JsonNode value : path.values(change.before())) {
                if (!value.isTextual()) {
                    continue;
                }
                storeNames.add(value.textValue());
                String lower = value.textValue().toLowerCase(Locale.ROOT);
                for (String pattern : signals.namePatterns()) {
                    if (nameEvidence == null && lower.contains(pattern)) {
                        nameEvidence = "its `" + path + "` contains \"" + pattern + "\"";
                    }
                }
            }
        }
        return new DestroyedResource(change.displayAddress(), change.address(), change.type(), change.actions(), kind,
                ChangeExplanation.happening(change), change.actionReason(), ChangeExplanation.replacePaths(change),
                Remedies.forDestroy(change), List.copyOf(storeNames), lockEvidence(change), nameEvidence,
                tagEvidence(change, signals));
    }

    private String lockEvidence(ResourceChange change) {
        for (BackupSignals.Lock lock : catalog.backupSignals().locks().getOrDefault(change.type(), List.of())) {
            if (lock.path().values(change.before()).stream().anyMatch(lock::matches)) {
                return "it has a lock or retention setting (`" + lock.path() + "`)";
            }
        }
        return null;
    }

    private static String tagEvidence(ResourceChange change, BackupSignals signals) {
        for (AttributePath field : TAG_FIELDS) {
            JsonNode tags = change.before() == null ? null : change.before().get(field.toString());
            if (tags == null || !tags.isObject() || field.marked(change.beforeSensitive())) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                String key = tag.getKey().toLowerCase(Locale.ROOT);
                String value = tag.getValue().asText().toLowerCase(Locale.ROOT);
                for (String pattern : signals.tagKeys()) {
                    if (key.contains(pattern)) {
                        return "its " + field + " have a key containing \"" + pattern + "\"";
                    }
                }
                for (String pattern : signals.tagValues()) {
                    if (value.contains(pattern)) {
                        return "its " + field + " have a value containing \"" + pattern + "\"";
                    }
                }
            }
        }
        return null;
    }
}
