package dev.backstop.jenkins.plugin;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** The parts of a Pipeline {@link StepContext} the step uses, each required, with one way to log. */
final class ContextFacade {
    private final StepContext context;

    ContextFacade(StepContext context) {
        this.context = context;
    }

    Run<?, ?> run() throws IOException, InterruptedException {
        return require(Run.class);
    }

    TaskListener listener() throws IOException, InterruptedException {
        return require(TaskListener.class);
    }

    FilePath workspace() throws IOException, InterruptedException {
        return require(FilePath.class);
    }

    void log(String line) throws IOException, InterruptedException {
        listener().getLogger().println("[Backstop] " + line);
    }

    private <T> T require(Class<T> type) throws IOException, InterruptedException {
        T value = context.get(type);
        if (value == null) {
            throw new AbortException("backstopCheck needs a " + type.getSimpleName()
                    + " here: run it inside node { }, where the plan is");
        }
        return value;
    }
}
