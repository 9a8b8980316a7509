package dev.backstop.core.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.policy.PolicyEnforcement;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules and the policy's enforcement over one plan: every change in plan order, the configuration's resources,
 * then the end of the plan. {@link PlanCheck} runs it beside the summary and the fingerprint; the rules benchmark
 * runs it alone, so that it measures this code and not a copy of it.
 */
public final class RuleRun {
    private final PolicyEnforcement enforcement;
    private final List<Rule> active;
    private final PlanContext context;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Finding> fromChange = new ArrayList<>();

    /**
     * @param policy    the effective policy: its rule book, its catalog and what it enforces
     * @param workspace the Terraform workspace the plan is for, or null when not known
     * @param today     the day exemption expiry dates are judged against
     */
    public RuleRun(Policy policy, String workspace, LocalDate today) {
        this.enforcement = new PolicyEnforcement(policy, workspace, today);
        this.active = new ArrayList<>(policy.ruleBook().rules(policy));
        active.addAll(enforcement.rules(policy.catalog()));
        this.context = new PlanContext(policy.catalog());
    }

    /** What the rules have learnt of the plan so far; it also says which unchanged resources' values they read. */
    public PlanContext context() {
        return context;
    }

    /** One change, in plan order: every rule sees it, then the policy decides on what they found. */
    public void onChange(ResourceChange change) {
        context.observe(change);
        fromChange.clear();
        for (Rule rule : active) {
            rule.onChange(change, context, fromChange::add);
        }
        enforcement.onChange(change, fromChange);
        findings.addAll(fromChange);
    }

    /** One resource block of the plan's configuration. */
    public void onConfigurationResource(String modulePath, JsonNode resource) {
        context.observeConfiguration(modulePath, resource);
        enforcement.onConfigurationResource(modulePath, resource);
    }

    /** The end of the plan: the rules that judge the plan as a whole, then the policy's last word on every finding. */
    public List<Finding> finish(PlanInfo plan) {
        for (Rule rule : active) {
            rule.onPlanEnd(plan, context, findings::add);
        }
        return enforcement.finish(findings);
    }
}
