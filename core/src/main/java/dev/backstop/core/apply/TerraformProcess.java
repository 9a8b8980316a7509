package dev.backstop.core.apply;

import dev.backstop.core.BackstopException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code terraform} (or {@code tofu}) in the user's terminal: its output and prompts go straight to them. */
public final class TerraformProcess implements ApplyFlow.Terraform {
    private final List<String> command;
    private final Path chdir;

    /** @param chdir the configuration directory ({@code -chdir}), or null for the working directory */
    public TerraformProcess(List<String> command, Path chdir) {
        this.command = List.copyOf(command);
        this.chdir = chdir;
    }

    @Override
    public int run(List<String> args) {
        List<String> argv = new ArrayList<>(command);
        if (chdir != null) {
            argv.add("-chdir=" + chdir);
        }
        argv.addAll(args);
        try {
            Process process = new ProcessBuilder(argv).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new BackstopException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (is it installed and on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackstopException("interrupted while running " + command.get(0));
        }
    }
}
