package dev.backstop.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.Rule;
import dev.backstop.core.verdict.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a policy to one check: adds the policy's own rules (protect, custom rules), then, once the plan has been
 * read, places each finding in its environment (production raises it one level), applies exemptions, and reports
 * expired ones. One instance per check.
 *
 * <p>Only facts about changes that produced findings are kept, so memory follows the number of findings, not the
 * size of the plan. Provider aliases are only known from the configuration, which Terraform writes after the
 * changes, hence the resolution at the end.
 */
public final class PolicyEnforcement {
    /** What the environment and exemption decisions need to know about the change behind a finding. */
    private record ChangeFacts(String address, String configAddress, boolean[] matched) {
    }

    private final Policy policy;
    private final String workspace;
    private final LocalDate today;
    private final Optional<Environment> workspaceEnvironment;
    private final boolean needsProviders;
    /** By display address: destroy findings are raised at the end of the plan, from the destroyed resources. */
    private final Map<String, ChangeFacts> facts = new HashMap<>();
    private final Map<String, String> providerKeys = new HashMap<>();

    /**
     * @param workspace the Terraform workspace ({@code TF_WORKSPACE} or {@code --workspace}), or null
     * @param today     the date exemptions are judged against (UTC)
     */
    public PolicyEnforcement(Policy policy, String workspace, LocalDate today) {
        this.policy = policy;
        this.workspace = workspace;
        this.today = today;
        this.workspaceEnvironment = policy.environments().stream().filter(e -> e.matchesWorkspace(workspace))
                .findFirst();
        this.needsProviders = policy.environments().stream().anyMatch(Environment::usesProviders);
    }

    /** The rules the policy adds to the built-in ones, ready for one check. */
    public List<Rule> rules(Catalog catalog) {
        List<Rule> rules = new ArrayList<>();
        if (!policy.protect().isEmpty() && policy.enabled(ProtectRule.ID)) {
            rules.add(new ProtectRule(policy.protect(), policy.severity(ProtectRule.ID)));
        }
        CelInput input = new CelInput(catalog, CelValues.plan(workspace,
                workspaceEnvironment.map(Environment::name).orElse(null)));
        for (CustomRule rule : policy.customRules()) {
            rules.add(rule.boundTo(input));
        }
        return rules;
    }

    /**
     * Remembers what the policy needs about {@code change} when it produced findings now, or may produce them at the
     * end of the plan (every destroy does).
     */
    public void onChange(ResourceChange change, List<Finding> produced) {
        if (produced.isEmpty() && !change.isDestructive()) {
            return;
        }
        List<Environment> environments = policy.environments();
        boolean[] matched = new boolean[environments.size()];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = environments.get(i).matchesChange(change);
        }
        facts.put(change.displayAddress(), new ChangeFacts(change.address(),
                ResourceChange.configAddressOf(change.address()), matched));
    }

    /** A resource block of the plan's configuration: its provider configuration key (for provider aliases). */
    public void onConfigurationResource(String modulePath, JsonNode resource) {
        if (!needsProviders) {
            return;
        }
        JsonNode key = resource.get("provider_config_key");
        if (key != null && key.isTextual()) {
            String prefix = modulePath.isEmpty() ? "" : modulePath + ".";
            providerKeys.put(prefix + resource.path("address").asText(), key.textValue());
        }
    }

    /** The findings with the policy applied, plus a finding for each expired exemption. */
    public List<Finding> finish(List<Finding> findings) {
        List<Finding> result = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            result.add(apply(finding, finding.address() == null ? null : facts.get(finding.address())));
        }
        if (policy.enabled("exemption-expired")) {
            Severity severity = policy.severity("exemption-expired");
            for (Exemption exemption : policy.exemptions()) {
                if (exemption.isExpired(today)) {
                    result.add(Finding.planWide("exemption-expired", severity, "The exemption for "
                            + exemption.describe() + " (owner " + exemption.owner() + ": " + exemption.reason()
                            + ") expired on " + exemption.expires() + " and no longer applies (policy "
                            + exemption.position() + ").",
                            "Review it: renew it with a new expiry date, or delete it from the policy."));
                }
            }
        }
        return result;
    }

    private Finding apply(Finding finding, ChangeFacts fact) {
        Finding current = finding;
        Optional<Environment> environment = environmentOf(fact);
        if (environment.isPresent()) {
            current = current.inEnvironment(environment.get().name());
            if (environment.get().production() && !current.denied()) {
                current = current.withSeverity(raised(current.severity()));
            }
        }
        if (current.denied() || current.severity() == Severity.INFO) {
            return current;
        }
        String address = fact != null ? fact.address() : current.address();
        for (Exemption exemption : policy.exemptions()) {
            if (!exemption.isExpired(today) && exemption.appliesTo(current.rule(), address, current.type())) {
                return current.exempted("exempted until " + exemption.expires() + " (owner " + exemption.owner()
                        + ": " + exemption.reason() + "; policy " + exemption.position() + ")");
            }
        }
        return current;
    }

    /** The first environment, in policy order, the finding's resource belongs to. */
    private Optional<Environment> environmentOf(ChangeFacts fact) {
        if (fact == null) {
            return workspaceEnvironment;
        }
        List<Environment> environments = policy.environments();
        String providerKey = providerKeys.get(fact.configAddress());
        for (int i = 0; i < environments.size(); i++) {
            Environment environment = environments.get(i);
            if (environment.matchesWorkspace(workspace) || fact.matched()[i]
                    || environment.matchesProvider(providerKey)) {
                return Optional.of(environment);
            }
        }
        return Optional.empty();
    }

    /** Production raises a finding one level; notes stay notes and critical is the top. */
    static Severity raised(Severity severity) {
        return switch (severity) {
            case LOW -> Severity.MEDIUM;
            case MEDIUM -> Severity.HIGH;
            case HIGH, CRITICAL -> Severity.CRITICAL;
            case INFO -> Severity.INFO;
        };
    }
}
