package dev.backstop.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.BuiltInData;
import dev.backstop.core.BackstopException;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.catalog.Role;
import dev.backstop.core.policy.YamlNode.MapNode;
import dev.backstop.core.policy.YamlNode.ScalarNode;
import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file over a base policy. Strict, because a policy that loads half-right would quietly let a destroy
 * through: unknown keys, wrong types, bad patterns and conditions that do not compile are errors naming the file,
 * line and column. Values the file sets replace the base's; lists (protect, exempt, custom rules, catalog types) add
 * to the base's; an environment or approver group of the same name replaces the base's.
 */
final class PolicyLoader {
    static final String DEFAULT_RESOURCE = "/backstop/policies/default-policy.yml";
    static final String DEFAULT_NAME = "built-in policies/default-policy.yml";
    static final String RULES_ORIGIN = "built-in policies/rules.yml";
    static final int SUPPORTED_VERSION = 1;
    /** Policies are small; a bigger file is a mistake (a plan passed as --policy, say), not a policy. */
    static final long MAX_BYTES = 1024 * 1024;

    private static final Set<String> TOP_LEVEL = Set.of("version", "blocking_severity", "rules", "environments",
            "protect", "exempt", "approvals", "catalog", "custom_rules");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");

    private final String file;
    private final String text;
    private final Policy base;
    private Severity blocking;
    private final Map<String, Policy.RuleOverride> rules;
    private final List<Environment> environments;
    private final List<ProtectEntry> protect;
    private final List<Exemption> exemptions;
    private ApprovalPolicy approvals;
    private final List<ResourceKind> extraKinds;
    private final Set<String> stateless;
    private final List<CustomRule> customRules;
    private final Map<String, String> origins;

    /** The document already parsed (the built-in policy, compiled by the build), or null to parse {@code text}. */
    private YamlNode parsed;

    private PolicyLoader(Policy base, String file, String text) {
        this.base = base;
        this.file = file;
        this.text = text;
        this.blocking = base.blocking;
        this.rules = new LinkedHashMap<>(base.rules);
        this.environments = new ArrayList<>(base.environments);
        this.protect = new ArrayList<>(base.protect);
        this.exemptions = new ArrayList<>(base.exemptions);
        this.approvals = base.approvals;
        this.extraKinds = new ArrayList<>(base.extraKinds);
        this.stateless = new LinkedHashSet<>(base.stateless);
        this.customRules = new ArrayList<>(base.customRules);
        this.origins = new LinkedHashMap<>(base.origins);
    }

    static Policy loadBuiltIn() {
        return loadBuiltIn(BuiltInData.section(COMPILED_SECTION));
    }

    /** The section of {@link BuiltInData} that holds the default policy's tree. */
    static final String COMPILED_SECTION = "default-policy.yml";

    /**
     * The built-in policy: rules.yml's severities and settings, then the default policy, from the build's compiled
     * tree of it ({@link CompiledYaml}, positions kept), or parsed from the YAML when {@code compiled} is null.
     */
    static Policy loadBuiltIn(JsonNode compiled) {
        RuleBook book = RuleBook.builtIn();
        Map<String, String> origins = new LinkedHashMap<>();
        for (RuleBook.RuleInfo info : book.infos()) {
            origins.put("rules." + info.id() + ".severity", RULES_ORIGIN);
            if (info.settings() != null) {
                info.settings().keySet().forEach(name -> origins.put("rules." + info.id() + "." + name, RULES_ORIGIN));
            }
        }
        Policy empty = new Policy("built-in", book, null, Map.of(), List.of(), List.of(), List.of(),
                new ApprovalPolicy(Map.of(), Map.of(), false, Duration.ofDays(7), false), List.of(), Set.of(), List.of(),
                origins);
        if (compiled != null) {
            PolicyLoader loader = new PolicyLoader(empty, DEFAULT_NAME, "");
            loader.parsed = CompiledYaml.read(compiled, DEFAULT_NAME);
            return requireBlocking(loader.read("built-in"));
        }
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new BackstopException("the built-in policy " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return requireBlocking(new PolicyLoader(empty, DEFAULT_NAME, decode(in.readAllBytes(), DEFAULT_NAME)).read("built-in"));
        } catch (IOException e) {
            throw new BackstopException("cannot read the built-in policy: " + e.getMessage(), e);
        }
    }

    /** The built-in policy's tree as the build compiles it. */
    static YamlNode builtInTree() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new BackstopException("the built-in policy " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return YamlTree.parse(DEFAULT_NAME, decode(in.readAllBytes(), DEFAULT_NAME));
        } catch (IOException e) {
            throw new BackstopException("cannot read the built-in policy: " + e.getMessage(), e);
        }
    }

    private static Policy requireBlocking(Policy policy) {
        if (policy.blocking == null) {
            throw new BackstopException("the built-in policy does not set blocking_severity");
        }
        return policy;
    }

    static Policy load(Policy base, Path path) {
        if (Files.isDirectory(path)) {
            throw new BackstopException("policy " + path + " is a directory, not a policy file");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new BackstopException("policy " + path + " is " + size + " bytes; a policy file is at most "
                        + MAX_BYTES + " (is it really a policy?)");
            }
            return parse(base, path.toString(), decode(Files.readAllBytes(path), path.toString()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackstopException("policy " + path + " does not exist");
        } catch (IOException e) {
            throw new BackstopException("cannot read policy " + path + ": " + e.getMessage(), e);
        }
    }

    static Policy parse(Policy base, String name, String text) {
        return new PolicyLoader(base, name, text).read(name);
    }

    private static String decode(byte[] bytes, String name) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new BackstopException("policy " + name + " is not UTF-8 text");
        }
    }

    private Policy read(String source) {
        YamlNode document = parsed != null ? parsed : YamlTree.parse(file, text);
        if (document == null) {
            throw new PolicyException(new SourcePosition(file, 1, 1), "the policy is empty; it needs at least"
                    + " \"version: " + SUPPORTED_VERSION + "\"");
        }
        MapNode root = document.asMap("a policy").allowOnly("the policy", TOP_LEVEL);
        ScalarNode version = root.require("version", "a policy").asScalar("version");
        int number = version.integer("version", 0, Integer.MAX_VALUE);
        if (number != SUPPORTED_VERSION) {
            throw version.error("policy version " + number + " is not supported by this Backstop (it reads version "
                    + SUPPORTED_VERSION + ")");
        }
        root.get("blocking_severity").ifPresent(node -> {
            Severity severity = node.asScalar("blocking_severity").severity("blocking_severity");
            if (severity == Severity.INFO) {
                throw node.error("blocking_severity must be low, medium, high or critical: info findings are notes");
            }
            blocking = severity;
            origins.put("blocking_severity", origin(node));
        });
        // Custom rules first: exemptions may name them.
        root.get("custom_rules").ifPresent(this::readCustomRules);
        root.get("rules").ifPresent(this::readRules);
        root.get("environments").ifPresent(this::readEnvironments);
        root.get("protect").ifPresent(this::readProtect);
        root.get("approvals").ifPresent(this::readApprovals);
        root.get("catalog").ifPresent(this::readCatalog);
        root.get("exempt").ifPresent(this::readExemptions);
        return new Policy(source, base.book, blocking, rules, environments, protect, exemptions, approvals,
                extraKinds, stateless, customRules, origins);
    }

    private String origin(YamlNode node) {
        return node.position().toString();
    }

    // ---- rules ----------------------------------------------------------------------------------------------------

    private void readRules(YamlNode node) {
        MapNode section = node.asMap("rules");
        for (MapNode.Entry entry : section.entries().values()) {
            String id = entry.key();
            Optional<RuleBook.RuleInfo> info = base.book.info(id);
            if (info.isEmpty()) {
                throw new PolicyException(entry.keyPosition(), "unknown rule \"" + id + "\" in rules; built-in rules: "
                        + String.join(", ", base.book.infos().stream().map(RuleBook.RuleInfo::id).toList())
                        + " (custom rules are configured under custom_rules)");
            }
            Set<String> allowed = new LinkedHashSet<>(List.of("enabled", "severity"));
            Map<String, Integer> defaults = info.get().settings() == null ? Map.of() : info.get().settings();
            allowed.addAll(defaults.keySet());
            MapNode body = entry.value().asMap("rules." + id).allowOnly("rules." + id, allowed);
            Policy.RuleOverride previous = rules.get(id);
            Boolean enabled = previous == null ? null : previous.enabled();
            Severity severity = previous == null ? null : previous.severity();
            Map<String, Integer> settings = new LinkedHashMap<>(previous == null ? Map.of() : previous.settings());
            for (MapNode.Entry field : body.entries().values()) {
                String key = "rules." + id + "." + field.key();
                YamlNode value = field.value();
                switch (field.key()) {
                    case "enabled" -> enabled = value.asScalar(key).bool(key);
                    case "severity" -> severity = value.asScalar(key).severity(key);
                    default -> settings.put(field.key(), value.asScalar(key).integer(key, field.key().contains("percent")
                            ? 1 : 0, field.key().contains("percent") ? 100 : 1_000_000));
                }
                origins.put(key, origin(value));
            }
            rules.put(id, new Policy.RuleOverride(enabled, severity, settings));
        }
    }

    // ---- environments -----------------------------------------------------------------------------------------------

    private void readEnvironments(YamlNode node) {
        MapNode section = node.asMap("environments");
        for (MapNode.Entry entry : section.entries().values()) {
            String name = entry.key();
            if (!NAME.matcher(name).matches()) {
                throw new PolicyException(entry.keyPosition(), "environment name \"" + name + "\" must be letters,"
                        + " digits, '.', '_' or '-'");
            }
            String what = "environments." + name;
            MapNode body = entry.value().asMap(what).allowOnly(what, Set.of("production", "workspaces", "modules",
                    "tags", "providers", "attributes", "approvals", "local_confirmation"));
            List<AddressPattern> workspaces = body.each("workspaces", item -> AddressPattern.name(item, "workspace"));
            List<AddressPattern> modules = body.each("modules", item -> moduleAddress(item));
            Map<String, List<AddressPattern>> tags = valueMatchers(body, "tags", what);
            List<AddressPattern> providers = body.each("providers", item -> AddressPattern.name(item, "provider"));
            Map<String, List<AddressPattern>> attributes = valueMatchers(body, "attributes", what);
            if (workspaces.isEmpty() && modules.isEmpty() && tags.isEmpty() && providers.isEmpty()
                    && attributes.isEmpty()) {
                throw entry.value().error(what + " matches nothing: give workspaces, modules, tags, providers or"
                        + " attributes");
            }
            Map<Severity, Integer> counts = new LinkedHashMap<>();
            body.get("approvals").ifPresent(approvalsNode -> {
                for (MapNode.Entry count : approvalsNode.asMap(what + ".approvals").entries().values()) {
                    Severity severity = severityKey(count, what + ".approvals");
                    counts.put(severity, count.value().asScalar(count.key()).integer(what + ".approvals." + count.key(),
                            0, 100));
                }
            });
            boolean production = body.bool("production").orElse(false);
            environments.removeIf(existing -> existing.name().equals(name));
            environments.add(new Environment(name, production, workspaces, modules, tags, providers, attributes,
                    counts, body.bool("local_confirmation").orElse(null), entry.keyPosition()));
            origins.put(what, entry.keyPosition().toString());
        }
    }

    private static AddressPattern moduleAddress(YamlNode item) {
        AddressPattern pattern = AddressPattern.address(item, "module");
        if (!pattern.toString().startsWith("module.") && !pattern.toString().startsWith("*")) {
            throw item.error("module \"" + pattern + "\" must be a module address such as module.prod");
        }
        return pattern;
    }

    private static Map<String, List<AddressPattern>> valueMatchers(MapNode body, String key, String what) {
        Map<String, List<AddressPattern>> matchers = new LinkedHashMap<>();
        body.get(key).ifPresent(node -> {
            for (MapNode.Entry entry : node.asMap(what + "." + key).entries().values()) {
                matchers.put(entry.key(), entry.value().items(entry.key()).stream()
                        .map(item -> AddressPattern.name(item, what + "." + key + "." + entry.key())).toList());
            }
        });
        return matchers;
    }

    private static Severity severityKey(MapNode.Entry entry, String what) {
        try {
            Severity severity = Severity.parse(entry.key());
            if (severity == Severity.INFO) {
                throw new IllegalArgumentException("info findings never need approval");
            }
            return severity;
        } catch (IllegalArgumentException e) {
            throw new PolicyException(entry.keyPosition(), what + ": " + e.getMessage());
        }
    }

    // ---- protect ---------------------------------------------------------------------------------------------------

    private void readProtect(YamlNode node) {
        for (YamlNode item : node.asList("protect").items()) {
            MapNode entry = item.asMap("a protect entry").allowOnly("a protect entry", Set.of("address", "type",
                    "reason"));
            AddressPattern address = entry.get("address").map(a -> AddressPattern.address(a, "address")).orElse(null);
            AddressPattern type = entry.get("type").map(t -> typePattern(t)).orElse(null);
            if (address == null && type == null) {
                throw item.error("a protect entry needs an address or a type");
            }
            String reason = entry.require("reason", "a protect entry").asScalar("reason").text("reason");
            protect.add(new ProtectEntry(address, type, reason, item.position()));
            origins.put("protect[" + (protect.size() - 1) + "]", origin(item));
        }
    }

    private static AddressPattern typePattern(YamlNode node) {
        AddressPattern pattern = AddressPattern.name(node, "type");
        if (!pattern.toString().matches("[a-z0-9_*]+")) {
            throw node.error("type \"" + pattern + "\" is not a resource type pattern (lowercase letters, digits,"
                    + " _ and *)");
        }
        return pattern;
    }

    // ---- exemptions ------------------------------------------------------------------------------------------------

    private void readExemptions(YamlNode node) {
        Set<String> known = new LinkedHashSet<>(base.book.infos().stream().map(RuleBook.RuleInfo::id).toList());
        customRules.forEach(rule -> known.add(rule.id()));
        for (YamlNode item : node.asList("exempt").items()) {
            MapNode entry = item.asMap("an exemption").allowOnly("an exemption", Set.of("rule", "rules", "address",
                    "type", "reason", "owner", "expires"));
            List<String> ids = new ArrayList<>();
            for (String key : List.of("rule", "rules")) {
                entry.get(key).ifPresent(value -> value.items(key).forEach(id -> {
                    String text = id.asScalar(key).text(key);
                    if (!text.equals("*") && !known.contains(text)) {
                        throw id.error("unknown rule \"" + text + "\"; known rules: " + String.join(", ", known));
                    }
                    ids.add(text);
                }));
            }
            if (ids.isEmpty()) {
                throw item.error("an exemption needs the rule it exempts from (rule: ID, or \"*\" for all)");
            }
            AddressPattern address = entry.get("address").map(a -> AddressPattern.address(a, "address")).orElse(null);
            AddressPattern type = entry.get("type").map(PolicyLoader::typePattern).orElse(null);
            String reason = entry.require("reason", "an exemption").asScalar("reason").text("reason");
            String owner = entry.require("owner", "an exemption").asScalar("owner").text("owner");
            var expires = entry.require("expires", "an exemption (exemptions must end)").asScalar("expires")
                    .date("expires");
            exemptions.add(new Exemption(ids, address, type, reason, owner, expires, item.position()));
            origins.put("exempt[" + (exemptions.size() - 1) + "]", origin(item));
        }
    }

    // ---- approvals -------------------------------------------------------------------------------------------------

    private void readApprovals(YamlNode node) {
        MapNode section = node.asMap("approvals").allowOnly("approvals", Set.of("required", "groups",
                "author_may_approve", "max_age", "local_confirmation"));
        Map<String, List<String>> groups = new LinkedHashMap<>(approvals.groups());
        section.get("groups").ifPresent(groupsNode -> {
            for (MapNode.Entry group : groupsNode.asMap("approvals.groups").entries().values()) {
                if (!NAME.matcher(group.key()).matches()) {
                    throw new PolicyException(group.keyPosition(), "group name \"" + group.key() + "\" must be letters,"
                            + " digits, '.', '_' or '-'");
                }
                List<String> members = new ArrayList<>();
                for (YamlNode member : group.value().items("approvals.groups." + group.key())) {
                    members.add(principal(member));
                }
                if (members.isEmpty()) {
                    throw group.value().error("group \"" + group.key() + "\" has no members");
                }
                groups.put(group.key(), members);
                origins.put("approvals.groups." + group.key(), group.keyPosition().toString());
            }
        });
        Map<Severity, ApprovalPolicy.Requirement> required = new LinkedHashMap<>(approvals.required());
        section.get("required").ifPresent(requiredNode -> {
            for (MapNode.Entry entry : requiredNode.asMap("approvals.required").entries().values()) {
                Severity severity = severityKey(entry, "approvals.required");
                String what = "approvals.required." + entry.key();
                ApprovalPolicy.Requirement requirement;
                if (entry.value() instanceof MapNode body) {
                    body.allowOnly(what, Set.of("count", "from"));
                    int count = body.require("count", what).asScalar("count").integer("count", 0, 100);
                    List<String> from = body.each("from", group -> groupName(group, groups));
                    requirement = new ApprovalPolicy.Requirement(count, from);
                } else {
                    requirement = new ApprovalPolicy.Requirement(
                            entry.value().asScalar(what).integer(what, 0, 100), List.of());
                }
                required.put(severity, requirement);
                origins.put(what, origin(entry.value()));
            }
        });
        boolean author = section.bool("author_may_approve").orElse(approvals.authorMayApprove());
        section.get("author_may_approve").ifPresent(value -> origins.put("approvals.author_may_approve", origin(value)));
        Duration maxAge = section.get("max_age").map(value -> value.asScalar("max_age").duration("max_age"))
                .orElse(approvals.maxAge());
        section.get("max_age").ifPresent(value -> origins.put("approvals.max_age", origin(value)));
        boolean local = section.bool("local_confirmation").orElse(approvals.localConfirmation());
        section.get("local_confirmation").ifPresent(value -> origins.put("approvals.local_confirmation",
                origin(value)));
        approvals = new ApprovalPolicy(required, groups, author, maxAge, local);
    }

    private static String groupName(YamlNode node, Map<String, List<String>> groups) {
        String name = node.asScalar("from").text("from");
        if (!groups.containsKey(name)) {
            throw node.error("unknown approver group \"" + name + "\"; define it under approvals.groups"
                    + (groups.isEmpty() ? "" : " (defined: " + String.join(", ", groups.keySet()) + ")"));
        }
        return name;
    }

    private static String principal(YamlNode node) {
        String text = node.asScalar("principal").text("principal").trim();
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String kind = text.substring(0, colon);
            if (!ApprovalPolicy.PRINCIPAL_KINDS.contains(kind)) {
                throw node.error("unknown principal kind \"" + kind + ":\"; use one of "
                        + String.join(":, ", ApprovalPolicy.PRINCIPAL_KINDS) + ": or a plain signing principal");
            }
            if (colon == text.length() - 1) {
                throw node.error("principal \"" + text + "\" names no one after the colon");
            }
            if (kind.equals("github-team") && !text.substring(colon + 1).matches("[^/]+/[^/]+")) {
                throw node.error("a GitHub team is written github-team:ORG/TEAM, not \"" + text + "\"");
            }
        }
        if (AddressPattern.hasSpaceOrControl(text)) {
            throw node.error("principal \"" + text + "\" must not contain spaces");
        }
        return text;
    }

    // ---- catalog ---------------------------------------------------------------------------------------------------

    private void readCatalog(YamlNode node) {
        MapNode section = node.asMap("catalog").allowOnly("catalog", Set.of("stateful", "backup", "stateless"));
        section.each("stateful", item -> extraKind(item, Role.DATA));
        section.each("backup", item -> extraKind(item, Role.BACKUP));
        for (YamlNode item : section.get("stateless").map(n -> n.items("catalog.stateless")).orElse(List.of())) {
            String type = resourceType(item);
            stateless.add(type);
            origins.put("catalog.stateless." + type, origin(item));
        }
    }

    private ResourceKind extraKind(YamlNode item, Role role) {
        String what = role == Role.BACKUP ? "a catalog.backup entry" : "a catalog.stateful entry";
        MapNode entry = item.asMap(what).allowOnly(what, Set.of("type", "category", "note", "container",
                "encrypts_data"));
        String type = resourceType(entry.require("type", what));
        YamlNode categoryNode = entry.require("category", what);
        String category = categoryNode.asScalar("category").text("category");
        Set<String> allowed = Catalog.categories(role);
        if (!allowed.contains(category)) {
            throw categoryNode.error("category \"" + category + "\" is not one of: "
                    + String.join(", ", allowed.stream().sorted().toList()));
        }
        String note = entry.string("note").orElse("declared in policy " + file);
        boolean encrypts = entry.bool("encrypts_data").orElse(false);
        if (encrypts && role == Role.BACKUP) {
            throw item.error("encrypts_data is for keys (role data, category secret_key), not backup stores");
        }
        String provider = type.substring(0, type.indexOf('_'));
        ResourceKind kind = new ResourceKind(provider, type, role, category, entry.bool("container").orElse(false),
                encrypts, null, note, 0);
        extraKinds.removeIf(existing -> existing.type().equals(type));
        extraKinds.add(kind);
        origins.put("catalog." + (role == Role.BACKUP ? "backup." : "stateful.") + type, origin(item));
        return kind;
    }

    private static String resourceType(YamlNode node) {
        String type = node.asScalar("type").text("type");
        if (!TYPE.matcher(type).matches()) {
            throw node.error("\"" + type + "\" is not a resource type (provider_name, lowercase, e.g. acme_database)");
        }
        return type;
    }

    // ---- custom rules ----------------------------------------------------------------------------------------------

    private void readCustomRules(YamlNode node) {
        for (YamlNode item : node.asList("custom_rules").items()) {
            MapNode entry = item.asMap("a custom rule").allowOnly("a custom rule", Set.of("id", "severity", "message",
                    "condition"));
            YamlNode idNode = entry.require("id", "a custom rule");
            String id = idNode.asScalar("id").text("id");
            if (!RULE_ID.matcher(id).matches()) {
                throw idNode.error("rule id \"" + id + "\" must be lowercase letters, digits and dashes");
            }
            if (base.book.info(id).isPresent()) {
                throw idNode.error("\"" + id + "\" is a built-in rule; configure it under rules, or pick another id");
            }
            if (customRules.stream().anyMatch(rule -> rule.id().equals(id))) {
                throw idNode.error("custom rule \"" + id + "\" is defined twice");
            }
            YamlNode severityNode = entry.require("severity", "custom rule " + id);
            String severityText = severityNode.asScalar("severity").text("severity");
            boolean deny = severityText.trim().equalsIgnoreCase("deny");
            Severity severity = deny ? Severity.CRITICAL : severityNode.asScalar("severity").severity("severity");
            String message = entry.require("message", "custom rule " + id).asScalar("message").text("message");
            ScalarNode conditionNode = entry.require("condition", "custom rule " + id).asScalar("condition");
            String expression = conditionNode.text("condition");
            CelCondition condition = CelCondition.compile(expression, expressionPositions(conditionNode));
            customRules.add(new CustomRule(id, severity, deny, message, condition, item.position()));
            origins.put("custom_rules." + id, origin(item));
        }
    }

    /**
     * Maps a position inside a condition (CEL: 1-based line, 0-based column) to the policy file, for plain and
     * quoted one-line values and for block values ({@code |} keeps lines, {@code >} folds them into one).
     */
    private CelCondition.ExpressionPositions expressionPositions(ScalarNode node) {
        SourcePosition start = node.position();
        return (line, column) -> {
            char style = node.style();
            if (style == '|' || style == '>') {
                List<int[]> content = blockLines(start.line());
                if (style == '|' && line - 1 < content.size()) {
                    int[] at = content.get(line - 1);
                    return new SourcePosition(file, at[0], at[1] + column + 1);
                }
                if (style == '>') {
                    int remaining = column;
                    for (int[] at : content) {
                        if (remaining <= at[2]) {
                            return new SourcePosition(file, at[0], at[1] + remaining + 1);
                        }
                        remaining -= at[2] + 1;
                    }
                }
                return start;
            }
            int quote = style == '"' || style == '\'' ? 1 : 0;
            return line <= 1 ? new SourcePosition(file, start.line(), start.column() + quote + column)
                    : new SourcePosition(file, start.line() + line - 1, column + 1);
        };
    }

    /** The content lines of a block scalar whose indicator is on {@code line}: {file line, indent, length}. */
    private List<int[]> blockLines(int line) {
        String[] lines = text.split("\n", -1);
        List<int[]> content = new ArrayList<>();
        int indent = -1;
        for (int i = line; i < lines.length; i++) {
            String current = lines[i].replace("\r", "");
            if (current.isBlank()) {
                continue;
            }
            int leading = current.length() - current.stripLeading().length();
            if (indent < 0) {
                indent = leading;
            } else if (leading < indent) {
                break;
            }
            content.add(new int[] {i + 1, indent, current.length() - indent});
        }
        return content;
    }
}
