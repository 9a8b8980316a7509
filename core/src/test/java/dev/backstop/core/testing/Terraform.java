package dev.backstop.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code terraform} binary in a scratch directory, with the built-in {@code terraform_data}
 * resource (no provider download needed). Tests using it are skipped, with a message, where terraform is absent.
 */
public final class Terraform {
    private final Path dir;

    private Terraform(Path dir) {
        this.dir = dir;
    }

    /** A working directory for real terraform runs; skips the calling test when terraform is not on PATH. */
    public static Terraform in(Path dir) {
        assumeTrue(available(), "skipped: terraform is not on PATH (real-plan tests need it)");
        return new Terraform(dir);
    }

    public static boolean available() {
        try {
            Process process = new ProcessBuilder("terraform", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Replaces the configuration with one main.tf. */
    public Terraform config(String hcl) throws IOException {
        Files.writeString(dir.resolve("main.tf"), hcl);
        return this;
    }

    public Terraform init() {
        run("init", "-input=false", "-no-color");
        return this;
    }

    public Terraform apply() {
        run("apply", "-input=false", "-no-color", "-auto-approve");
        return this;
    }

    /** {@code terraform plan -out=NAME [extra]}; returns the binary plan file. */
    public Path plan(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-out=" + name));
        args.addAll(List.of(extra));
        run(args.toArray(String[]::new));
        return dir.resolve(name);
    }

    /** {@code terraform show -json PLAN} written to NAME.json; returns the JSON file. */
    public Path showJson(Path plan) {
        String json = run("show", "-json", "-no-color", plan.getFileName().toString());
        Path out = dir.resolve(plan.getFileName() + ".json");
        try {
            Files.writeString(out, json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** The environment every real run gets: no prompts, no update checks, an empty CLI config. */
    public Map<String, String> environment() {
        Path config = dir.resolve(".terraformrc");
        try {
            if (!Files.exists(config)) {
                Files.writeString(config, "");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Map.of("TF_IN_AUTOMATION", "1", "TF_INPUT", "0", "CHECKPOINT_DISABLE", "1",
                "TF_CLI_CONFIG_FILE", config.toString());
    }

    public String run(String... args) {
        List<String> command = new ArrayList<>();
        command.add("terraform");
        command.addAll(List.of(args));
        try {
            // stderr goes to a file so neither pipe can fill up and block terraform
            Path stderr = Files.createTempFile(dir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("terraform %s finished", args[0]).isTrue();
            String err = Files.readString(stderr);
            assertThat(process.exitValue()).as("terraform %s failed:%n%s%n%s", String.join(" ", args), out, err).isZero();
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run terraform", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
