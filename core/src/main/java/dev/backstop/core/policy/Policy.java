package dev.backstop.core.policy;

import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective policy: the built-in default policy (policies/default-policy.yml, with rule defaults from
 * policies/rules.yml) extended by a project's {@code .backstop.yml}. Immutable; remembers where every value came
 * from so {@code backstop policy show} can say.
 */
public final class Policy implements RuleBook.RuleSettings {
    /** A rule's policy values; null fields keep the built-in value. */
    public record RuleOverride(Boolean enabled, Severity severity, Map<String, Integer> settings) {
        public RuleOverride {
            settings = settings == null ? Map.of() : Map.copyOf(settings);
        }
    }

    private static volatile Policy builtIn;

    final String source;
    final RuleBook book;
    final Severity blocking;
    final Map<String, RuleOverride> rules;
    final List<Environment> environments;
    final List<ProtectEntry> protect;
    final List<Exemption> exemptions;
    final ApprovalPolicy approvals;
    final List<ResourceKind> extraKinds;
    final Set<String> stateless;
    final List<CustomRule> customRules;
    final Map<String, String> origins;
    private volatile Catalog catalog;

    Policy(String source, RuleBook book, Severity blocking, Map<String, RuleOverride> rules,
            List<Environment> environments, List<ProtectEntry> protect, List<Exemption> exemptions,
            ApprovalPolicy approvals, List<ResourceKind> extraKinds, Set<String> stateless,
            List<CustomRule> customRules, Map<String, String> origins) {
        this.source = source;
        this.book = book;
        this.blocking = blocking;
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        this.environments = List.copyOf(environments);
        this.protect = List.copyOf(protect);
        this.exemptions = List.copyOf(exemptions);
        this.approvals = approvals;
        this.extraKinds = List.copyOf(extraKinds);
        this.stateless = Collections.unmodifiableSet(new LinkedHashSet<>(stateless));
        this.customRules = List.copyOf(customRules);
        this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** The shipped default policy alone. */
    public static Policy builtIn() {
        Policy policy = builtIn;
        if (policy == null) {
            synchronized (Policy.class) {
                if (builtIn == null) {
                    builtIn = PolicyLoader.loadBuiltIn();
                }
                policy = builtIn;
            }
        }
        return policy;
    }

    /** The built-in policy extended by the file at {@code path}. */
    public static Policy load(Path path) {
        return PolicyLoader.load(builtIn(), path);
    }

    /** The built-in policy extended by {@code text}; {@code name} is how errors name the file. */
    public static Policy parse(String name, String text) {
        return PolicyLoader.parse(builtIn(), name, text);
    }

    /** {@code built-in}, or the path of the project's policy file. */
    public String source() {
        return source;
    }

    public RuleBook ruleBook() {
        return book;
    }

    public Severity blockingSeverity() {
        return blocking;
    }

    @Override
    public boolean enabled(String id) {
        RuleOverride override = rules.get(id);
        return override == null || override.enabled() == null || override.enabled();
    }

    @Override
    public Severity severity(String id) {
        RuleOverride override = rules.get(id);
        return override != null && override.severity() != null ? override.severity()
                : book.require(id).defaultSeverity();
    }

    @Override
    public int setting(String id, String name) {
        RuleOverride override = rules.get(id);
        Integer value = override == null ? null : override.settings().get(name);
        return value != null ? value : book.require(id).setting(name);
    }

    public Map<String, RuleOverride> ruleOverrides() {
        return rules;
    }

    public List<Environment> environments() {
        return environments;
    }

    public Optional<Environment> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<ProtectEntry> protect() {
        return protect;
    }

    public List<Exemption> exemptions() {
        return exemptions;
    }

    public ApprovalPolicy approvals() {
        return approvals;
    }

    public List<ResourceKind> extraKinds() {
        return extraKinds;
    }

    public Set<String> statelessTypes() {
        return stateless;
    }

    public List<CustomRule> customRules() {
        return customRules;
    }

    /** The built-in catalog with this policy's extra and stateless types. */
    public Catalog catalog() {
        Catalog extended = catalog;
        if (extended == null) {
            extended = Catalog.builtIn().extendedWith(extraKinds, stateless);
            catalog = extended;
        }
        return extended;
    }

    /** Every rule id a policy may name: the built-in rules and this policy's custom rules. */
    public Set<String> ruleIds() {
        Set<String> ids = new LinkedHashSet<>();
        book.infos().forEach(info -> ids.add(info.id()));
        customRules.forEach(rule -> ids.add(rule.id()));
        return ids;
    }

    /**
     * Where a value came from, by its key in the effective policy ({@code blocking_severity},
     * {@code rules.mass-destroy.max_deletions}, {@code approvals.required.high}): a file position, or
     * {@code built-in (policies/...)}.
     */
    public String origin(String key) {
        return origins.getOrDefault(key, "built-in");
    }

    Map<String, String> origins() {
        return origins;
    }

    List<String> keysWithOrigins() {
        return new ArrayList<>(origins.keySet());
    }
}
