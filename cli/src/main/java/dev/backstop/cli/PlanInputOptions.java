package dev.backstop.cli;

import dev.backstop.core.BackstopException;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSizes;
import dev.backstop.core.plan.PlanSource;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a plan is read from and how binary plan files are converted; shared by every command that reads a plan. */
final class PlanInputOptions {
    @Option(names = "--tofu", description = "Convert binary plans with `tofu` instead of `terraform`.")
    boolean tofu;

    @Option(names = "--show-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Stop `terraform show` after this long when converting a binary plan (default: ${DEFAULT-VALUE}).")
    long showTimeoutSeconds;

    @Option(names = "--max-plan-size", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Refuse a plan whose JSON is larger than SIZE, e.g. 4GiB or 500M (default: $"
                    + PlanSizes.VARIABLE + ", else 2GiB). Stops an endless or runaway input.")
    Long maxPlanSize;

    PlanConverter converter(Backstop.Context context) {
        return PlanConverter.choose(tofu, context.env().get(PlanConverter.COMMAND_VARIABLE),
                Duration.ofSeconds(Math.max(1, showTimeoutSeconds)));
    }

    /** {@code -} for standard input, else a file; read up to the maximum plan size. */
    PlanSource source(String plan, Backstop.Context context) {
        return limited(PlanSource.of(plan, context.in()), context);
    }

    /** The source, read up to the maximum plan size. */
    PlanSource limited(PlanSource source, Backstop.Context context) {
        return source.withMaxSize(maxPlanSize(context));
    }

    private long maxPlanSize(Backstop.Context context) {
        if (maxPlanSize != null) {
            return maxPlanSize;
        }
        String fromEnvironment = context.env().get(PlanSizes.VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            return PlanSizes.DEFAULT_MAX;
        }
        try {
            return PlanSizes.parse(fromEnvironment);
        } catch (IllegalArgumentException e) {
            throw new BackstopException(PlanSizes.VARIABLE + ": " + e.getMessage());
        }
    }

    /** Reads {@code --max-plan-size}; a bad value is a usage error. */
    static final class SizeConverter implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return PlanSizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
