package dev.backstop.cli;

import dev.backstop.core.plan.PlanConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How binary plan files are converted; shared by every command that reads a plan. */
final class PlanInputOptions {
    @Option(names = "--tofu", description = "Convert binary plans with `tofu` instead of `terraform`.")
    boolean tofu;

    @Option(names = "--show-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Stop `terraform show` after this long when converting a binary plan (default: ${DEFAULT-VALUE}).")
    long showTimeoutSeconds;

    PlanConverter converter(Backstop.Context context) {
        return PlanConverter.choose(tofu, context.env().get(PlanConverter.COMMAND_VARIABLE),
                Duration.ofSeconds(Math.max(1, showTimeoutSeconds)));
    }
}
