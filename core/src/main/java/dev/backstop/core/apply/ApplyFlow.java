package dev.backstop.core.apply;

import dev.backstop.core.BackstopException;
import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code backstop apply}: plan to a file, check that file, and apply that same file only when it is allowed. Applying
 * a saved plan file makes Terraform do exactly what was checked (and refuse if the state moved on), so no other
 * plan can slip in between the check and the apply.
 */
public final class ApplyFlow {
    /** Runs the Terraform (or OpenTofu) command with its output going to the user. */
    public interface Terraform {
        int run(List<String> args);
    }

    /** Decides what a checked plan needs before apply: approvals reviewed, a local confirmation... */
    public interface Decision {
        /** The report with approvals (or a confirmation) taken into account. */
        CheckReport decide(CheckReport checked);
    }

    /** The report that decided, whether apply ran, and the exit code for the user. */
    public record Outcome(CheckReport report, boolean applied, int exitCode) {
    }

    private final Terraform terraform;
    private final PlanConverter converter;
    private final PlanCheck check;

    public ApplyFlow(Terraform terraform, PlanConverter converter, PlanCheck check) {
        this.terraform = terraform;
        this.converter = converter;
        this.check = check;
    }

    /**
     * @param planArgs extra arguments for {@code terraform plan} (e.g. {@code -var-file=prod.tfvars})
     * @param decision reviews signed approvals
     * @param show     shows the decided report to the user, before any apply
     * @param confirm  may turn approval_required into allow by a local confirmation (returns the report as is
     *                 when it cannot or does not)
     */
    public Outcome run(boolean destroy, List<String> planArgs, Decision decision, Consumer<CheckReport> show,
            UnaryOperator<CheckReport> confirm) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("backstop-apply-");
            Path planFile = dir.resolve("backstop.tfplan");
            List<String> plan = new ArrayList<>(List.of("plan", "-input=false", "-out=" + planFile));
            if (destroy) {
                plan.add("-destroy");
            }
            plan.addAll(planArgs);
            int planned = terraform.run(plan);
            if (planned != 0) {
                throw new BackstopException("terraform plan failed (exit " + planned + "); nothing was applied");
            }
            CheckReport decided = decision.decide(check.run(PlanSource.file(planFile), converter));
            show.accept(decided);
            if (decided.verdict() == Verdict.APPROVAL_REQUIRED) {
                decided = confirm.apply(decided);
            }
            if (decided.verdict() != Verdict.ALLOW) {
                return new Outcome(decided, false, decided.verdict().exitCode());
            }
            int applied = terraform.run(List.of("apply", "-input=false", planFile.toString()));
            if (applied != 0) {
                throw new BackstopException("terraform apply failed (exit " + applied + ") after the plan was allowed");
            }
            return new Outcome(decided, true, 0);
        } catch (IOException e) {
            throw new BackstopException("cannot prepare a plan file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the plan file may hold secrets: say so rather than stay silent
            System.err.println("backstop: warning: could not delete " + dir + " (it holds the plan file)");
        }
    }
}
