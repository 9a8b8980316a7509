package dev.backstop.core.check;

import dev.backstop.core.fingerprint.PlanFingerprint;
import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.PlanConverter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.PlanException;
import dev.backstop.core.plan.PlanHandler;
import dev.backstop.core.plan.ResourceChange;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.ChangeSummary;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.time.Clock;
import java.time.LocalDate;

/**
 * Checks one plan: streams it once, feeding every change to the summary, the fingerprint and the rules, then
 * decides. The single entry point every front end (CLI, GitHub, Jenkins) calls.
 */
public final class PlanCheck {
    /** Destroys and replacements first (they are what a reviewer must see), then the worst, then by address. */
    static final Comparator<Finding> REPORT_ORDER = Comparator
            .comparing((Finding f) -> !f.denied())
            .thenComparing(f -> !f.isDestructive())
            .thenComparing(Finding::severity, Comparator.reverseOrder())
            .thenComparing(f -> f.address() == null ? "" : f.address())
            .thenComparing(Finding::rule);

    private final Policy policy;
    private final String workspace;
    private final Clock clock;
    /** Off only in the test that shows skipping unchanged values changes no report. */
    private final boolean skipUnchangedValues;

    /**
     * @param policy    the effective policy (built-in, or extended by a project's file)
     * @param workspace the Terraform workspace the plan is for, or null when not known
     * @param clock     judges exemption expiry dates
     */
    public PlanCheck(Policy policy, String workspace, Clock clock) {
        this(policy, workspace, clock, true);
    }

    PlanCheck(Policy policy, String workspace, Clock clock, boolean skipUnchangedValues) {
        this.policy = policy;
        this.workspace = workspace;
        this.clock = clock;
        this.skipUnchangedValues = skipUnchangedValues;
    }

    /** The built-in policy, rules and catalog (policies/), no workspace. */
    public static PlanCheck defaults() {
        return new PlanCheck(Policy.builtIn(), null, Clock.systemUTC());
    }

    /**
     * Reads the plan on a second thread while this one judges the changes already read ({@link Pipeline}).
     *
     * @throws PlanException when the input is not a usable plan, including a plan Terraform marked as errored
     */
    public CheckReport run(PlanSource source, PlanConverter converter) {
        RuleRun rules = new RuleRun(policy, workspace, LocalDate.now(clock));
        ChangeSummary summary = new ChangeSummary();
        PlanFingerprint fingerprint = new PlanFingerprint();
        PlanInfo plan = Pipeline.read(source, converter, new PlanHandler() {
            @Override
            public void onChange(ResourceChange change) {
                summary.count(change);
                fingerprint.add(change);
                rules.onChange(change);
            }

            /**
             * Everything that does something is fingerprinted and judged, values included. Of unchanged and read
             * changes only three things look at values: the context (backup references and lock targets, by type),
             * and, through the environment a finding is placed in, the one rule that reports an unchanged resource
             * (moved). Everything else about them is counted, so their values are skipped unread.
             */
            @Override
            public boolean wantsValues(String mode, String type, String address, String previousAddress,
                    List<String> actions) {
                if (!skipUnchangedValues) {
                    return true;
                }
                ChangeKind kind = ChangeKind.of(actions);
                if (kind != ChangeKind.NO_OP && kind != ChangeKind.READ) {
                    return true;
                }
                return (previousAddress != null && !previousAddress.equals(address))
                        || rules.context().readsValuesOf(mode, type);
            }

            @Override
            public boolean wantsConfiguration() {
                return true;
            }

            @Override
            public void onConfigurationResource(String modulePath, JsonNode resource) {
                rules.onConfigurationResource(modulePath, resource);
            }
        });
        if (plan.errored()) {
            throw new PlanException("the plan errored (\"errored\": true): Terraform could not finish planning, so its"
                    + " changes may be partial; fix the errors and plan again");
        }
        String value = fingerprint.value();
        List<Finding> decided = new ArrayList<>(rules.finish(plan));
        decided.sort(REPORT_ORDER);
        List<String> notes = new ArrayList<>();
        if (plan.isIncomplete()) {
            notes.add("The plan is incomplete (\"complete\": false): it was made with -target or has deferred changes,"
                    + " so resources outside it were not checked and another plan will follow.");
        }
        Severity blocking = policy.blockingSeverity();
        Verdict verdict = decided.stream().anyMatch(Finding::denied) ? Verdict.DENY
                : Verdict.fromSeverities(decided.stream().map(Finding::severity).toList(), blocking);
        return new CheckReport(verdict, value, plan.terraformVersion(), plan.formatVersion(), plan.complete(),
                blocking, summary.asMap(), decided, notes, policy.source(), null, null);
    }
}
