package dev.backstop.cli;

import dev.backstop.core.policy.Policy;
import dev.backstop.core.policy.PolicyFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command finds its policy and workspace; shared by {@code check} and {@code policy show}. */
final class PolicyOptions {
    @Option(names = "--policy", paramLabel = "FILE",
            description = "Policy file (default: .backstop.yml in the working directory, else at the git root,"
                    + " else the built-in policy).")
    Path file;

    @Option(names = "--workspace", paramLabel = "NAME",
            description = "Terraform workspace the plan is for, matched by the policy's environments"
                    + " (default: $TF_WORKSPACE).")
    String workspace;

    Policy policy(Backstop.Context context) {
        return PolicyFiles.resolve(file, context.workingDirectory());
    }

    String workspace(Backstop.Context context) {
        if (workspace != null) {
            return workspace;
        }
        String fromEnvironment = context.env().get("TF_WORKSPACE");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }
}
