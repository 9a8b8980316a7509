package dev.backstop.core.apply;

import dev.backstop.core.policy.Environment;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.verdict.Severity;
import dev.backstop.core.verdict.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets a person at a terminal confirm a plan that needs approval by typing what it destroys: the address of each
 * critical resource, "destroy N resources" for a mass destroy, then "yes". Typing forces reading; it is the
 * local-run counterpart of a signed approval.
 *
 * <p>Never offered without a terminal, or when {@code CI} is set: scripts, pipelines and coding agents can pipe
 * "yes" into anything, so for them only signed approvals count. The policy can turn it off, in general or for a
 * production environment.
 */
public final class LocalConfirmation {
    private LocalConfirmation() {
    }

    /** Why the plan cannot be confirmed here, or empty when it can. */
    public static Optional<String> refusal(CheckReport report, Policy policy, boolean terminal, Map<String, String> env) {
        if (report.verdict() != Verdict.APPROVAL_REQUIRED) {
            return Optional.of("the verdict is " + report.verdict().label() + ", not approval_required");
        }
        if (!terminal) {
            return Optional.of("there is no terminal: scripts, CI jobs and coding agents need signed approvals");
        }
        String ci = env.get("CI");
        if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
            return Optional.of("CI is set: pipelines need signed approvals");
        }
        if (!policy.approvals().localConfirmation()) {
            return Optional.of("the policy does not allow local confirmation (approvals.local_confirmation)");
        }
        for (Finding finding : report.findings()) {
            if (report.isBlocking(finding) && finding.environment() != null) {
                Optional<Environment> environment = policy.environment(finding.environment());
                if (environment.isPresent() && Boolean.FALSE.equals(environment.get().localConfirmation())) {
                    return Optional.of("environment " + finding.environment() + " requires signed approvals");
                }
            }
        }
        return Optional.empty();
    }

    /** Asks on {@code out}, reads answers from {@code in}; true only when every answer matched exactly. */
    public static boolean ask(CheckReport report, BufferedReader in, PrintStream out) throws IOException {
        List<Finding> blocking = report.findings().stream().filter(report::isBlocking).toList();
        out.println();
        out.println("This plan needs approval. To confirm it here, type what it destroys.");
        for (Finding finding : blocking) {
            if (finding.address() == null) {
                long destroyed = report.summary().getOrDefault("delete", 0L) + report.summary().getOrDefault("replace", 0L);
                if (!expect(in, out, finding.message(), "destroy " + destroyed + " resources")) {
                    return false;
                }
            } else if (finding.severity() == Severity.CRITICAL) {
                if (!expect(in, out, finding.message(), finding.address())) {
                    return false;
                }
            }
        }
        return expect(in, out, blocking.size() + " finding" + (blocking.size() == 1 ? "" : "s")
                + " need sign-off; apply this exact plan (" + report.fingerprint() + ")?", "yes");
    }

    private static boolean expect(BufferedReader in, PrintStream out, String about, String expected)
            throws IOException {
        out.println();
        out.println(about);
        out.print("Type \"" + expected + "\" to confirm: ");
        out.flush();
        String answer = in.readLine();
        if (answer == null || !answer.strip().equals(expected)) {
            out.println("Not confirmed.");
            return false;
        }
        return true;
    }
}
