package dev.backstop.core.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BuiltInData;
import dev.backstop.core.verdict.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in rules as data (policies/rules.yml): each rule's default severity, settings and explanation. Creates
 * the rule objects with the severities and settings a policy gives ({@link RuleSettings}), or the defaults.
 */
public final class RuleBook {
    private static final String RESOURCE = "/backstop/policies/rules.yml";
    /** Only when the compiled built-in data is absent: a YAML data binder is slow to start. */
    private static final class Yaml {
        static final ObjectMapper MAPPER = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
    private static volatile RuleBook builtIn;

    /** One rule's description. */
    public record RuleInfo(String id, String severity, String title, String purpose, Map<String, Integer> settings,
            List<String> examples) {
        public Severity defaultSeverity() {
            return Severity.parse(severity);
        }

        public int setting(String name) {
            Integer value = settings == null ? null : settings.get(name);
            if (value == null) {
                throw new BackstopException("rule " + id + ": setting " + name + " is missing in " + RESOURCE);
            }
            return value;
        }
    }

    private record RulesFile(List<RuleInfo> rules) {
    }

    /** What a policy decides about each rule; {@link #defaults()} is this book's own values. */
    public interface RuleSettings {
        boolean enabled(String id);

        Severity severity(String id);

        int setting(String id, String name);
    }

    private final Map<String, RuleInfo> rules;

    private RuleBook(Map<String, RuleInfo> rules) {
        this.rules = rules;
    }

    public static RuleBook builtIn() {
        RuleBook book = builtIn;
        if (book == null) {
            synchronized (RuleBook.class) {
                if (builtIn == null) {
                    builtIn = load();
                }
                book = builtIn;
            }
        }
        return book;
    }

    private static RuleBook load() {
        JsonNode compiled = BuiltInData.section("rules.yml");
        return compiled != null ? fromCompiled(compiled) : fromYaml();
    }

    /** From policies/rules.yml itself. */
    static RuleBook fromYaml() {
        try (InputStream in = RuleBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BackstopException("the built-in rules file " + RESOURCE + " is missing from the jar");
            }
            return of(Yaml.MAPPER.readValue(in, RulesFile.class).rules());
        } catch (IOException | IllegalArgumentException e) {
            throw new BackstopException("cannot load the built-in rules " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** From the build's JSON copy of rules.yml ({@link BuiltInData}), which the YAML binding checked when it was made. */
    static RuleBook fromCompiled(JsonNode file) {
        List<RuleInfo> infos = new ArrayList<>();
        for (JsonNode rule : file.path("rules")) {
            Map<String, Integer> settings = null;
            if (rule.hasNonNull("settings")) {
                settings = new LinkedHashMap<>();
                for (var it = rule.get("settings").fields(); it.hasNext(); ) {
                    var setting = it.next();
                    settings.put(setting.getKey(), setting.getValue().isNull() ? null : setting.getValue().intValue());
                }
            }
            List<String> examples = null;
            if (rule.hasNonNull("examples")) {
                examples = new ArrayList<>();
                for (JsonNode example : rule.get("examples")) {
                    examples.add(example.isNull() ? null : example.asText());
                }
            }
            infos.add(new RuleInfo(text(rule, "id"), text(rule, "severity"), text(rule, "title"), text(rule, "purpose"),
                    settings, examples));
        }
        try {
            return of(infos);
        } catch (IllegalArgumentException e) {
            throw new BackstopException("cannot load the built-in rules " + BuiltInData.RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static RuleBook of(List<RuleInfo> list) {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        for (RuleInfo rule : list) {
            rule.defaultSeverity();
            rules.put(rule.id(), rule);
        }
        return new RuleBook(rules);
    }

    public List<RuleInfo> infos() {
        return List.copyOf(rules.values());
    }

    public Optional<RuleInfo> info(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** This book's own values: every rule enabled at its default severity and settings. */
    public RuleSettings defaults() {
        return new RuleSettings() {
            @Override
            public boolean enabled(String id) {
                require(id);
                return true;
            }

            @Override
            public Severity severity(String id) {
                return require(id).defaultSeverity();
            }

            @Override
            public int setting(String id, String name) {
                return require(id).setting(name);
            }
        };
    }

    /** Fresh rule objects for one check with the default severities and settings. */
    public List<Rule> rules() {
        return rules(defaults());
    }

    /** Fresh rule objects for one check: the enabled rules, each with the severity and settings given. */
    public List<Rule> rules(RuleSettings settings) {
        List<Rule> list = new ArrayList<>();
        String mass = PlanWideRules.MassDestroy.ID;
        add(list, settings, DestroyRules.StatefulDestroy.ID, DestroyRules.StatefulDestroy::new);
        add(list, settings, DestroyRules.BackupDestroy.ID, DestroyRules.BackupDestroy::new);
        add(list, settings, DestroyRules.MemberDestroy.ID, DestroyRules.MemberDestroy::new);
        add(list, settings, DestroyRules.UnlistedDestroy.ID, DestroyRules.UnlistedDestroy::new);
        add(list, settings, ChangeRules.ProtectionWeakened.ID, ChangeRules.ProtectionWeakened::new);
        add(list, settings, PlanWideRules.SharedBlastRadius.ID, PlanWideRules.SharedBlastRadius::new);
        add(list, settings, mass, severity -> new PlanWideRules.MassDestroy(severity,
                settings.setting(mass, "max_deletions"), settings.setting(mass, "max_percent"),
                settings.setting(mass, "min_deletions_for_percent")));
        add(list, settings, ChangeRules.Forget.ID, ChangeRules.Forget::new);
        add(list, settings, ChangeRules.Moved.ID, ChangeRules.Moved::new);
        add(list, settings, ChangeRules.UnknownAction.ID, ChangeRules.UnknownAction::new);
        return list;
    }

    private static void add(List<Rule> list, RuleSettings settings, String id,
            java.util.function.Function<Severity, Rule> create) {
        if (settings.enabled(id)) {
            list.add(create.apply(settings.severity(id)));
        }
    }

    public RuleInfo require(String id) {
        RuleInfo info = rules.get(id);
        if (info == null) {
            throw new BackstopException("rule " + id + " is not described in " + RESOURCE);
        }
        return info;
    }
}
