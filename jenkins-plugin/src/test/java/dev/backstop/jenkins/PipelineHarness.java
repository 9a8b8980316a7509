package dev.backstop.jenkins;

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library;
import static com.lesfurets.jenkins.unit.global.lib.LocalSource.localSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import dev.backstop.core.testing.RepoFiles;
import groovy.lang.Closure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a Jenkinsfile that loads this repository's library with {@code @Library('backstop') _}, as Jenkins would,
 * under JenkinsPipelineUnit. Pipeline steps are mocks, except {@code sh}: it runs the script with bash in a temporary
 * workspace, so the real Backstop CLI ({@code cli/target/backstop.jar}) checks real test plans and its real exit
 * codes drive the pipeline. {@code input} answers with the submitters a test queues, and fails the test when asked
 * unexpectedly.
 */
abstract class PipelineHarness extends BasePipelineTest {
    /** The Jenkins user who started the build, unless a test says otherwise. */
    static final String STARTER = "alice";
    static final String BUILD_URL = "https://jenkins.example/job/infra/42/";

    @TempDir
    Path workspace;
    @TempDir
    Path libraries;

    final FakeBuild build = new FakeBuild();
    final Deque<Object> inputAnswers = new ArrayDeque<>();
    final List<Map<String, Object>> inputs = new ArrayList<>();
    final List<String> scripts = new ArrayList<>();
    final StringBuilder log = new StringBuilder();
    /** What archiveArtifacts saw: each pattern entry and whether the file existed when it was archived. */
    final Map<String, Boolean> archived = new LinkedHashMap<>();

    /** The repository's jar, built by the cli module earlier in the same reactor run. */
    static Path cliJar() {
        Path jar = RepoFiles.root().resolve("cli/target/backstop.jar");
        assertThat(jar).as("the CLI jar; build it first: mvn -B -pl cli -am package -DskipTests").isRegularFile();
        return jar;
    }

    /** The {@code cli:} argument: the real CLI. */
    static String cli() {
        // C1 only and the serial collector: a short-lived CLI starts faster, and the tests run it often.
        return "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + cliJar();
    }

    @BeforeEach
    void startJenkins() throws Exception {
        setUp();
        // The library as Jenkins checks it out: this module's directory (vars/ and src/), at a version.
        Path library = RepoFiles.root().resolve("jenkins-plugin");
        Files.createSymbolicLink(libraries.resolve("backstop@main"), library);
        getHelper().registerSharedLibrary(library().name("backstop").defaultVersion("main").allowOverride(false)
                .implicit(false).targetPath(libraries.toString()).retriever(localSource(libraries.toString())).build());

        build.starter(STARTER);
        getBinding().setVariable("currentBuild", build);
        Map<String, Object> env = new HashMap<>();
        env.put("BUILD_URL", BUILD_URL);
        env.put("JOB_NAME", "infra");
        env.put("BUILD_NUMBER", "42");
        getBinding().setVariable("env", env);

        step("sh", Map.class, args -> sh(castMap(args)));
        step("sh", String.class, script -> sh(Map.of("script", script)));
        step("echo", String.class, text -> {
            log.append(text).append('\n');
            return null;
        });
        step("error", String.class, message -> {
            build.setResult("FAILURE");
            throw new PipelineFailure(message.toString());
        });
        step("input", Map.class, args -> input(castMap(args)));
        step("readFile", String.class, file -> read(file.toString()));
        step("readFile", Map.class, args -> read(castMap(args).get("file").toString()));
        step("fileExists", String.class, file -> Files.exists(workspace.resolve(file.toString())));
        step("archiveArtifacts", Map.class, args -> {
            for (String pattern : castMap(args).get("artifacts").toString().split(",")) {
                archived.put(pattern, Files.isRegularFile(workspace.resolve(pattern)));
            }
            return null;
        });
        step("recordIssues", Map.class, args -> null);
        step("issues", Map.class, args -> new LinkedHashMap<>(castMap(args)));
        step("junit", Map.class, args -> null);
    }

    /** Registers a mocked step taking one argument of {@code type}. */
    private void step(String name, Class<?> type, Function<Object, Object> body) {
        getHelper().registerAllowedMethod(name, List.of(type), new Closure<Object>(this) {
            private static final long serialVersionUID = 1L;

            @SuppressWarnings("unused")
            public Object doCall(Object argument) {
                return body.apply(argument);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object args) {
        return (Map<String, Object>) args;
    }

    /** {@code sh}: bash in the workspace, honouring returnStatus and returnStdout as Jenkins does. */
    private Object sh(Map<String, Object> args) {
        String script = args.get("script").toString();
        scripts.add(script);
        try {
            Path out = Files.createTempFile(libraries, "sh", ".out");
            Path err = Files.createTempFile(libraries, "sh", ".err");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(workspace.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("sh did not finish in 120 s: " + script);
            }
            int code = process.exitValue();
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            log.append("+ ").append(script).append('\n').append(stdout).append(Files.readString(err,
                    StandardCharsets.UTF_8));
            if (Boolean.TRUE.equals(args.get("returnStatus"))) {
                return code;
            }
            if (code != 0) {
                build.setResult("FAILURE");
                throw new PipelineFailure("script returned exit code " + code);
            }
            return Boolean.TRUE.equals(args.get("returnStdout")) ? stdout : null;
        } catch (IOException e) {
            throw new AssertionError("cannot run sh: " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code input}: the next queued answer (a submitter id, or an action run before it answers). */
    private Object input(Map<String, Object> args) {
        inputs.add(args);
        Object answer = inputAnswers.poll();
        if (answer == null) {
            throw new AssertionError("input was asked, but the test queued no answer: " + args.get("message"));
        }
        if (answer instanceof Runnable action) {
            action.run();
            answer = inputAnswers.poll();
        }
        return answer;
    }

    private String read(String file) {
        try {
            return Files.readString(workspace.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PipelineFailure("readFile " + file + ": " + e);
        }
    }

    /** Copies a repository file into the workspace. */
    Path copy(Path source, String name) throws IOException {
        return Files.copy(source, workspace.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(workspace.resolve(name), text);
    }

    /** Runs a Jenkinsfile (the library is loaded by its first line); returns the variable {@code result}. */
    Object runJenkinsfile(String body) throws Exception {
        Path jenkinsfile = write("Jenkinsfile", "@Library('backstop') _\n" + body);
        runScript(jenkinsfile.toString());
        return getBinding().hasVariable("result") ? getBinding().getVariable("result") : null;
    }

    /** Runs a Jenkinsfile that is expected to fail the build; returns the failure. */
    PipelineFailure runFailingJenkinsfile(String body) {
        try {
            runJenkinsfile(body);
        } catch (PipelineFailure failure) {
            return failure;
        } catch (Exception e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof PipelineFailure)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                return (PipelineFailure) cause;
            }
            throw new AssertionError("the build failed otherwise than by error(): " + e + "\n" + log, e);
        }
        throw new AssertionError("the build succeeded, but should have failed:\n" + log);
    }

    /** The calls made to one step, in order. */
    List<MethodCall> calls(String step) {
        return getHelper().getCallStack().stream().filter(call -> call.getMethodName().equals(step)).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** The single map argument of a step call. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> argument(MethodCall call) {
        return (Map<String, Object>) call.getArgs()[0];
    }

    /** Runs the real CLI outside the pipeline (e.g. `audit verify`); returns the exit code and output. */
    CliRun backstop(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", cliJar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workspace.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return new CliRun(process.exitValue(), output);
    }

    record CliRun(int exitCode, String output) {
    }

    /** What {@code error} throws: the build fails with this message. */
    static final class PipelineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineFailure(String message) {
            super(message);
        }
    }

    /**
     * {@code currentBuild}: its result, and the build causes, as workflow-support's RunWrapper returns them
     * ({@code getBuildCauses(className)}: a list of maps with {@code userId} for a user cause).
     */
    public static final class FakeBuild {
        private String result;
        private final List<Map<String, Object>> userCauses = new ArrayList<>();

        void starter(String userId) {
            userCauses.clear();
            if (userId != null) {
                userCauses.add(Map.of("_class", "hudson.model.Cause$UserIdCause", "userId", userId,
                        "userName", userId, "shortDescription", "Started by user " + userId));
            }
        }

        public String getResult() {
            return result;
        }

        public void setResult(String result) {
            this.result = result;
        }

        public String getCurrentResult() {
            return result == null ? "SUCCESS" : result;
        }

        public List<Map<String, Object>> getBuildCauses(String className) {
            return className.equals("hudson.model.Cause$UserIdCause") ? new ArrayList<>(userCauses) : List.of();
        }
    }
}
