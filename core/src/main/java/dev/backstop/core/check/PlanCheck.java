package dev.backstop.core.check;

import dev.backstop.core.fingerprint.PlanFingerprint;
import dev.backstop.core.plan.PlanConverter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanHandler;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.ChangeSummary;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.rules.PlanContext;
import dev.backstop.core.rules.Rule;
import dev.backstop.core.rules.RuleBook;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks one plan: streams it once, feeding every change to the summary, the fingerprint and the rules, then
 * decides. The single entry point every front end (CLI, GitHub, Jenkins) calls.
 */
public final class PlanCheck {
    /** Destroys and replacements first (they are what a reviewer must see), then the worst, then by address. */
    static final Comparator<Finding> REPORT_ORDER = Comparator
            .comparing((Finding f) -> !f.isDestructive())
            .thenComparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(f -> f.address() == null ? "" : f.address())
            .thenComparing(Finding::rule);

    private final Supplier<List<Rule>> rules;
    private final Catalog catalog;
    private final Severity blocking;

    public PlanCheck(Supplier<List<Rule>> rules, Catalog catalog, Severity blocking) {
        this.rules = rules;
        this.catalog = catalog;
        this.blocking = blocking;
    }

    /** The built-in rules and catalog (policies/rules.yml, policies/catalog/). */
    public static PlanCheck defaults() {
        RuleBook book = RuleBook.builtIn();
        return new PlanCheck(book::rules, Catalog.builtIn(), book.blockingSeverity());
    }

    /**
     * @throws PlanException when the input is not a usable plan, including a plan Terraform marked as errored
     */
    public CheckReport run(PlanSource source, PlanConverter converter) {
        List<Rule> active = rules.get();
        ChangeSummary summary = new ChangeSummary();
        PlanFingerprint fingerprint = new PlanFingerprint();
        List<Finding> findings = new ArrayList<>();
        PlanContext context = new PlanContext(catalog);
        PlanInfo plan = source.read(new PlanHandler() {
            @Override
            public void onChange(ResourceChange change) {
                summary.count(change);
                fingerprint.add(change);
                context.observe(change);
                for (Rule rule : active) {
                    rule.onChange(change, context, findings::add);
                }
            }

            @Override
            public boolean wantsConfiguration() {
                return true;
            }

            @Override
            public void onConfigurationResource(String modulePath, JsonNode resource) {
                context.observeConfiguration(modulePath, resource);
            }
        }, converter);
        if (plan.errored()) {
            throw new PlanException("the plan errored (\"errored\": true): Terraform could not finish planning, so its"
                    + " changes may be partial; fix the errors and plan again");
        }
        for (Rule rule : active) {
            rule.onPlanEnd(plan, context, findings::add);
        }
        String value = fingerprint.value();
        findings.sort(REPORT_ORDER);
        List<String> notes = new ArrayList<>();
        if (plan.isIncomplete()) {
            notes.add("The plan is incomplete (\"complete\": false): it was made with -target or has deferred changes,"
                    + " so resources outside it were not checked and another plan will follow.");
        }
        Verdict verdict = Verdict.fromSeverities(findings.stream().map(Finding::severity).toList(), blocking);
        return new CheckReport(verdict, value, plan.terraformVersion(), plan.formatVersion(), plan.complete(),
                blocking, summary.asMap(), findings, notes, null);
    }
}
