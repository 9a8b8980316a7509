package dev.backstop.core.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.backstop.core.BackstopException;
import dev.backstop.core.verdict.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in rules as data (policies/rules.yml): each rule's default severity, settings and explanation, and the
 * blocking severity. Creates the rule objects; the policy file (a later issue) will override these values.
 */
public final class RuleBook {
    private static final String RESOURCE = "/backstop/policies/rules.yml";
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static volatile RuleBook builtIn;

    /** One rule's description. */
    public record RuleInfo(String id, String severity, String title, String purpose, Map<String, Integer> settings,
            List<String> examples) {
        public Severity defaultSeverity() {
            return Severity.parse(severity);
        }

        int setting(String name) {
            Integer value = settings == null ? null : settings.get(name);
            if (value == null) {
                throw new BackstopException("rule " + id + ": setting " + name + " is missing in " + RESOURCE);
            }
            return value;
        }
    }

    private record RulesFile(String blockingSeverity, List<RuleInfo> rules) {
    }

    private final Severity blocking;
    private final Map<String, RuleInfo> rules;

    private RuleBook(Severity blocking, Map<String, RuleInfo> rules) {
        this.blocking = blocking;
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
        try (InputStream in = RuleBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new BackstopException("the built-in rules file " + RESOURCE + " is missing from the jar");
            }
            RulesFile file = YAML.readValue(in, RulesFile.class);
            Map<String, RuleInfo> rules = new LinkedHashMap<>();
            for (RuleInfo rule : file.rules()) {
                rule.defaultSeverity();
                rules.put(rule.id(), rule);
            }
            return new RuleBook(Severity.parse(file.blockingSeverity()), rules);
        } catch (IOException | IllegalArgumentException e) {
            throw new BackstopException("cannot load the built-in rules " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public Severity blockingSeverity() {
        return blocking;
    }

    public List<RuleInfo> infos() {
        return List.copyOf(rules.values());
    }

    public Optional<RuleInfo> info(String id) {
        return Optional.ofNullable(rules.get(id));
    }

    /** Fresh rule objects for one check, each with its severity and settings from the book. */
    public List<Rule> rules() {
        List<Rule> list = new ArrayList<>();
        list.add(new DestroyRules.StatefulDestroy(severity(DestroyRules.StatefulDestroy.ID)));
        list.add(new DestroyRules.BackupDestroy(severity(DestroyRules.BackupDestroy.ID)));
        list.add(new DestroyRules.MemberDestroy(severity(DestroyRules.MemberDestroy.ID)));
        list.add(new DestroyRules.UnlistedDestroy(severity(DestroyRules.UnlistedDestroy.ID)));
        list.add(new ChangeRules.ProtectionWeakened(severity(ChangeRules.ProtectionWeakened.ID)));
        list.add(new PlanWideRules.SharedBlastRadius(severity(PlanWideRules.SharedBlastRadius.ID)));
        RuleInfo mass = require(PlanWideRules.MassDestroy.ID);
        list.add(new PlanWideRules.MassDestroy(mass.defaultSeverity(), mass.setting("max_deletions"),
                mass.setting("max_percent"), mass.setting("min_deletions_for_percent")));
        list.add(new ChangeRules.Forget(severity(ChangeRules.Forget.ID)));
        list.add(new ChangeRules.Moved(severity(ChangeRules.Moved.ID)));
        list.add(new ChangeRules.UnknownAction(severity(ChangeRules.UnknownAction.ID)));
        return list;
    }

    private Severity severity(String id) {
        return require(id).defaultSeverity();
    }

    private RuleInfo require(String id) {
        RuleInfo info = rules.get(id);
        if (info == null) {
            throw new BackstopException("rule " + id + " is not described in " + RESOURCE);
        }
        return info;
    }
}
