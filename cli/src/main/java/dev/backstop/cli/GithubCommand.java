package dev.backstop.cli;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.report.CheckReport;
import dev.backstop.core.report.ResourceLocator;
import dev.backstop.core.report.TerraformSources;
import dev.backstop.core.report.TextReport;
import dev.backstop.core.verdict.ExitCodes;
import dev.backstop.core.verdict.Verdict;
import dev.backstop.github.ActionsEnvironment;
import dev.backstop.github.ActionsOutputs;
import dev.backstop.github.EventPayload;
import dev.backstop.github.GithubGate;
import dev.backstop.github.GithubRepo;
import dev.backstop.github.RedactingStream;
import dev.backstop.github.ResilientConnector;
import dev.backstop.github.Token;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "github",
        mixinStandardHelpOptions = true,
        description = {
            "Review plans on GitHub pull requests, and verify before apply (docs/github.md).",
            "",
            "`github check` posts the plan's check run on the pull request's head commit: success when nothing"
                + " needs sign-off or enough approvers have approved this exact plan, action_required while"
                + " approval is pending, failure on deny or error. Approvals are APPROVED reviews of the head commit"
                + " made after the check run was first posted, or `/backstop approve <fingerprint prefix>`"
                + " comments, by people with write access or named in the policy; never the author, never bots.",
            "",
            "`github verify` is for the apply job: exit 0 only when the plan about to be applied is the one"
                + " reviewed on its pull request and approved enough now.",
            ""},
        subcommands = {GithubCommand.Check.class, GithubCommand.Verify.class},
        footerHeading = "%nExamples (in GitHub Actions; see docs/github.md for whole workflows):%n",
        footer = {
            "  backstop github check --plan plan.json     # on pull_request",
            "  backstop github check                      # on a review or comment",
            "  backstop github verify --plan plan.json    # before apply",
            "",
            "Exit codes: 0 allowed or approved, 1 error (fail closed), 2 usage,",
            "            3 approval required (verify: not approved, or the plan",
            "            changed since review), 4 denied."})
final class GithubCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: `backstop github check` or `backstop github verify`");
    }

    /** On GitHub the plan's author is the pull request's author: the shared approval options' --author is removed. */
    static final class WithoutAuthor implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            CommandLine.Model.OptionSpec author = spec.findOption("--author");
            if (author != null) {
                spec.remove(author);
            }
            return spec;
        }
    }

    /** What both subcommands share: the GitHub connection, the policy, the plan and signed approvals. */
    abstract static class GithubSubcommand extends BackstopCommand {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "Backstop",
                description = "The check run's name; give each stack its own (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--pr", paramLabel = "N",
                description = "The pull request (default: the one the event is about).")
        Integer pullRequest;

        @Option(names = "--token", paramLabel = "TOKEN",
                description = "GitHub token (default: $GITHUB_TOKEN; prefer the environment: a command line can be"
                        + " seen by other processes).")
        String token;

        @Option(names = "--api-timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "Limit on each GitHub API request; failed requests are tried 4 times in all"
                        + " (default: ${DEFAULT-VALUE}).")
        long apiTimeoutSeconds;

        /** For tests: the first wait before a retry (doubled after each). Not part of the interface. */
        @Option(names = "--api-backoff-ms", hidden = true, defaultValue = "1000")
        long apiBackoffMillis;

        @Mixin
        PlanInputOptions input;

        @Mixin
        PolicyOptions policyOptions;

        @Mixin
        ApprovalOptions approvalOptions;

        final Clock clock = Clock.systemUTC();
        ActionsEnvironment env;
        private PrintStream redactedOut;
        private PrintStream redactedErr;

        /** The command's name for messages: {@code github check}. */
        abstract String commandName();

        /** Runs the subcommand once the environment is read and the options are sound. */
        abstract GithubGate.Outcome decide(Policy policy, EventPayload event);

        @Override
        protected final int execute() {
            String problem = problem();
            if (problem != null) {
                err().println("backstop: " + problem);
                err().println("Try 'backstop " + commandName() + " --help' for more information.");
                err().flush();
                return ExitCodes.USAGE;
            }
            env = ActionsEnvironment.from(context.env(), token, context.workingDirectory());
            EventPayload event = EventPayload.read(env.eventName(), env.eventPath());
            Policy policy = policyOptions.policy(context);
            GithubGate.Outcome outcome = decide(policy, event);
            print(outcome);
            ActionsOutputs.write(env, outcome);
            if (outcome.report().error() != null) {
                err().println("backstop: error: " + outcome.report().error().replaceAll("\\R", " "));
                err().flush();
                return ExitCodes.ERROR;
            }
            return outcome.exitCode();
        }

        /** A usage problem, or null. */
        String problem() {
            if (pullRequest != null && pullRequest < 1) {
                return "--pr must be a pull request number";
            }
            if (apiTimeoutSeconds < 1) {
                return "--api-timeout must be at least 1 second";
            }
            return approvalOptions.usageProblem();
        }

        GithubRepo connect() {
            ResilientConnector.Settings settings = ResilientConnector.Settings.DEFAULT
                    .withTimeout(Duration.ofSeconds(apiTimeoutSeconds))
                    .withBackoff(Duration.ofMillis(Math.max(1, apiBackoffMillis)));
            return GithubRepo.connect(env, settings, duration -> Thread.sleep(duration.toMillis()), clock);
        }

        PlanSource planSource(String plan) {
            return input.limited(PlanSource.STDIN.equals(plan) ? PlanSource.stdin(context.in())
                    : PlanSource.file(context.workingDirectory().resolve(plan)), context);
        }

        CheckReport checkPlan(String plan, Policy policy) {
            return new PlanCheck(policy, policyOptions.workspace(context), clock).run(planSource(plan),
                    input.converter(context));
        }

        GithubGate.Options options(Policy policy, String sha, ResourceLocator locator) {
            return new GithubGate.Options(name, pullRequest, sha, policy,
                    approvalOptions.signed(context.workingDirectory()), locator);
        }

        /**
         * The text report for the log. In Actions it sits between {@code ::stop-commands::} markers, so nothing a
         * plan's addresses hold can act as a workflow command.
         */
        void print(GithubGate.Outcome outcome) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            new TextReport(false).write(outcome.report(), text);
            boolean actions = "true".equals(env("GITHUB_ACTIONS"));
            String stop = "backstop-" + HexFormat.of().formatHex(bytes());
            if (actions) {
                out().println("::stop-commands::" + stop);
            }
            out().print(text.toString(StandardCharsets.UTF_8));
            if (actions) {
                out().println("::" + stop + "::");
            }
            if (outcome.checkRun() != null && outcome.checkRun().url() != null) {
                out().println("Check run \"" + name + "\": " + outcome.checkRun().url());
            }
            out().flush();
            if (outcome.reason() != null) {
                err().println("backstop: refused: " + outcome.reason());
                err().flush();
            }
        }

        private static byte[] bytes() {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            return bytes;
        }

        /** An error still gives the step its outputs (verdict error, exit code 1), so later steps can branch. */
        @Override
        protected void onError(String message) {
            if (env != null) {
                ActionsOutputs.write(env, new GithubGate.Outcome(CheckReport.error(message), ExitCodes.ERROR, null,
                        pullRequest, null));
            }
        }

        /** Nothing this command prints carries the token, whatever a library puts in a message or stack trace. */
        @Override
        protected PrintStream out() {
            if (redactedOut == null) {
                redactedOut = RedactingStream.wrap(context.out(), secret());
            }
            return redactedOut;
        }

        @Override
        protected PrintStream err() {
            if (redactedErr == null) {
                redactedErr = RedactingStream.wrap(context.err(), secret());
            }
            return redactedErr;
        }

        private Token secret() {
            String value = token != null && !token.isBlank() ? token.trim() : env("GITHUB_TOKEN");
            return value == null || value.isBlank() ? null : new Token(value.trim());
        }
    }

    @Command(name = "check",
            mixinStandardHelpOptions = true,
            modelTransformer = WithoutAuthor.class,
            sortOptions = false,
            description = {
                "Post the plan's check run on the pull request's head commit, with the approvals given so far.",
                "",
                "With --plan (on pull_request): checks the plan and creates the check run, or updates it when the"
                    + " head commit already has one for this plan (it keeps the time it was first posted: reviews"
                    + " must come after it).",
                "",
                "Without --plan (on pull_request_review, issue_comment): re-evaluates the approvals of the plan"
                    + " already posted on the head commit; its fingerprint and findings come from that check run.",
                ""},
            footerHeading = "%nEnvironment (set by GitHub Actions):%n",
            footer = {
                "  GITHUB_REPOSITORY    OWNER/REPO",
                "  GITHUB_TOKEN         the token (or --token)",
                "  GITHUB_API_URL       the API (GitHub Enterprise Server too)",
                "  GITHUB_EVENT_NAME, GITHUB_EVENT_PATH",
                "                       pull_request, pull_request_review, issue_comment",
                "  GITHUB_SERVER_URL, GITHUB_RUN_ID   the check run's details link",
                "  GITHUB_OUTPUT        verdict, fingerprint, counts, check run",
                "  GITHUB_STEP_SUMMARY  the markdown report",
                "",
                "Exit codes: 0 allowed or approved, 1 error (fail closed), 2 usage,",
                "            3 approval pending, 4 denied."})
    static final class Check extends GithubSubcommand {
        @Option(names = "--plan", paramLabel = "PLAN",
                description = "Plan JSON, binary plan file, or - for stdin. Without it, re-evaluate the plan already"
                        + " posted on the head commit.")
        String plan;

        @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = ".",
                description = "The Terraform configuration: findings are annotated on their resource lines"
                        + " (default: ${DEFAULT-VALUE}).")
        Path configDir;

        @Override
        String commandName() {
            return "github check";
        }

        @Override
        GithubGate.Outcome decide(Policy policy, EventPayload event) {
            Path config = context.workingDirectory().resolve(configDir);
            ResourceLocator locator = plan != null && Files.isDirectory(config)
                    ? TerraformSources.scan(config, context.workingDirectory()) : ResourceLocator.NONE;
            GithubGate.Options options = options(policy, null, locator);
            return new GithubGate(env, event, connect(), clock).check(options,
                    plan == null ? null : () -> checkPlan(plan, policy));
        }
    }

    @Command(name = "verify",
            mixinStandardHelpOptions = true,
            modelTransformer = WithoutAuthor.class,
            sortOptions = false,
            description = {
                "Before apply: exit 0 only if the plan about to be applied is the one reviewed on its pull request,"
                    + " and approved enough there now.",
                "",
                "Recomputes the plan's fingerprint and findings, finds the pull request (--pr, the event's, or the"
                    + " one the commit GITHUB_SHA came from), and requires that its head commit's check run is for"
                    + " this exact fingerprint and that the approvals meet the policy. Writes nothing to GitHub.",
                ""},
            footerHeading = "%nExample:%n",
            footer = {
                "  terraform plan -out=plan.tfplan",
                "  terraform show -json plan.tfplan > plan.json",
                "  backstop github verify --plan plan.json && terraform apply plan.tfplan",
                "",
                "Exit codes: 0 approved (or nothing needs sign-off), 1 error (fail closed),",
                "            2 usage, 3 not approved or the plan changed since review",
                "            (the reason is printed), 4 denied."})
    static final class Verify extends GithubSubcommand {
        @Option(names = "--plan", paramLabel = "PLAN", required = true,
                description = "The plan about to be applied: JSON, binary plan file, or - for stdin.")
        String plan;

        @Option(names = "--sha", paramLabel = "SHA",
                description = "The commit being applied, to find its pull request (default: $GITHUB_SHA).")
        String sha;

        @Override
        String commandName() {
            return "github verify";
        }

        @Override
        GithubGate.Outcome decide(Policy policy, EventPayload event) {
            CheckReport report = checkPlan(plan, policy);
            if (report.verdict() != Verdict.APPROVAL_REQUIRED) {
                return new GithubGate.Outcome(report, report.verdict().exitCode(), null, null, null);
            }
            return new GithubGate(env, event, connect(), clock).verify(options(policy, sha, ResourceLocator.NONE),
                    report);
        }
    }
}
