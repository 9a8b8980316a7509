package dev.backstop.core.report;

import dev.backstop.core.BackstopException;
import dev.backstop.core.rules.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds each finding's {@code resource} block in a Terraform configuration, so SARIF, warnings-ng and GitHub
 * annotations can point at the line a reviewer would change.
 *
 * <p>The directory given is the root module (where {@code terraform plan} runs). A resource in a module is looked
 * for by following the {@code module} blocks: a local {@code source} ({@code ./modules/db}) leads to that
 * directory; a module from a registry or git lives only under {@code .terraform/}, which is not the project's code,
 * so the finding is anchored at the {@code module} block that calls it. When a module block cannot be found (the
 * address does not match the code at hand), a resource block of the same type and name anywhere under the
 * directory is used if there is exactly one. A resource whose block is gone (it was removed, which is why it is
 * destroyed) is anchored at line 1 of its module's main file, and so are findings about the whole plan.
 *
 * <p>This reads {@code .tf} files line by line, not as full HCL: block headers at the top level, comments, strings
 * and heredocs are recognised; {@code .tf.json} files are not read. It never reads attribute values into a report:
 * only file names and line numbers leave this class.
 */
public final class TerraformSources implements ResourceLocator {
    private static final String LABEL = "(?:\"([^\"]*)\"|([A-Za-z_][A-Za-z0-9_-]*))";
    private static final Pattern RESOURCE = Pattern.compile("^\\s*(resource|data|ephemeral)\\s+" + LABEL + "\\s+" + LABEL + "\\s*\\{");
    private static final Pattern MODULE = Pattern.compile("^\\s*module\\s+" + LABEL + "\\s*\\{");
    private static final Pattern SOURCE = Pattern.compile("^\\s*source\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern HEREDOC = Pattern.compile("<<-?([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    /** Larger .tf files are generated, not written by people; they are skipped rather than read into memory. */
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private record Block(String mode, String type, String name, Path file, int line) {
    }

    private record ModuleCall(String name, String source, Path file, int line) {
        boolean isLocal() {
            return source != null && (source.startsWith("./") || source.startsWith("../"));
        }
    }

    /** What one directory (one module) declares. */
    private static final class Module {
        final List<Path> files = new ArrayList<>();
        final List<Block> resources = new ArrayList<>();
        final Map<String, ModuleCall> calls = new LinkedHashMap<>();
    }

    private final Path root;
    private final Path workingDirectory;
    private final Map<Path, Module> modules = new HashMap<>();

    private TerraformSources(Path root, Path workingDirectory) {
        this.root = root;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Reads every {@code .tf} file under {@code directory}, skipping hidden directories ({@code .terraform},
     * {@code .git}).
     *
     * @param workingDirectory paths in locations are relative to it when beneath it
     * @throws BackstopException when the directory does not exist or cannot be read
     */
    public static TerraformSources scan(Path directory, Path workingDirectory) {
        Path root = workingDirectory.resolve(directory).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BackstopException("the configuration directory " + directory + " does not exist or is not a directory");
        }
        TerraformSources sources = new TerraformSources(root, workingDirectory.toAbsolutePath().normalize());
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                    return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile() && file.getFileName().toString().endsWith(".tf")) {
                        sources.read(file, attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BackstopException("cannot read the configuration directory " + directory + ": " + e.getMessage(), e);
        }
        return sources;
    }

    @Override
    public Optional<SourceLocation> locate(Finding finding) {
        Optional<ResourceAddress> parsed = ResourceAddress.parse(finding.address());
        if (parsed.isEmpty()) {
            return mainFile(root);
        }
        ResourceAddress address = parsed.get();
        Path dir = root;
        Optional<SourceLocation> call = Optional.empty();
        for (String name : address.modules()) {
            ModuleCall module = module(dir).calls.get(name);
            if (module == null) {
                return unique(address).or(() -> mainFile(root));
            }
            Optional<SourceLocation> here = Optional.of(location(module.file(), module.line(), false));
            if (!module.isLocal()) {
                return here;
            }
            dir = dir.resolve(module.source()).normalize();
            call = here;
        }
        Optional<SourceLocation> block = find(module(dir).resources, address);
        if (block.isPresent()) {
            return block;
        }
        if (address.modules().isEmpty() && module(root).files.isEmpty()) {
            // the directory given is above the root module: look for the block anywhere beneath it
            return unique(address).or(() -> mainFile(root));
        }
        return call.isPresent() ? call : mainFile(dir).or(() -> mainFile(root));
    }

    private Optional<SourceLocation> find(List<Block> blocks, ResourceAddress address) {
        return blocks.stream()
                .filter(b -> b.mode().equals(address.mode()) && b.type().equals(address.type()) && b.name().equals(address.name()))
                .findFirst()
                .map(b -> location(b.file(), b.line(), true));
    }

    /** The one block of this mode, type and name anywhere under the root; empty when there are none or several. */
    private Optional<SourceLocation> unique(ResourceAddress address) {
        List<Block> all = modules.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(root))
                .flatMap(entry -> entry.getValue().resources.stream())
                .filter(b -> b.mode().equals(address.mode()) && b.type().equals(address.type()) && b.name().equals(address.name()))
                .toList();
        return all.size() == 1 ? Optional.of(location(all.get(0).file(), all.get(0).line(), true)) : Optional.empty();
    }

    /** Line 1 of {@code main.tf}, or else of the first .tf file by name: where a module starts reading. */
    private Optional<SourceLocation> mainFile(Path dir) {
        List<Path> files = module(dir).files;
        return files.stream()
                .filter(f -> f.getFileName().toString().equals("main.tf"))
                .findFirst()
                .or(() -> files.stream().sorted().findFirst())
                .map(f -> location(f, 1, false));
    }

    /** The module in {@code dir}; a local module outside the root (../modules/x) is read when first needed. */
    private Module module(Path dir) {
        Module module = modules.get(dir);
        if (module == null && !dir.startsWith(root) && Files.isDirectory(dir)) {
            modules.put(dir, new Module());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tf")).sorted().toList()) {
                    if (Files.isRegularFile(file)) {
                        read(file, Files.size(file));
                    }
                }
            } catch (IOException e) {
                // a module Backstop cannot read has no locations; findings in it fall back to an anchor
            }
            module = modules.get(dir);
        }
        return module == null ? new Module() : module;
    }

    private void read(Path file, long size) throws IOException {
        Module module = modules.computeIfAbsent(file.getParent(), d -> new Module());
        module.files.add(file);
        if (size > MAX_FILE_BYTES) {
            return;
        }
        // Malformed UTF-8 is replaced, not fatal: only block headers matter here.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Lexer lexer = new Lexer();
        ModuleCall open = null;
        int lineNumber = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNumber++;
            int depth = lexer.depth;
            boolean code = lexer.startsInCode();
            if (code && depth == 0) {
                Matcher resource = RESOURCE.matcher(line);
                Matcher call = MODULE.matcher(line);
                if (resource.find()) {
                    module.resources.add(new Block(resource.group(1), label(resource, 2), label(resource, 4), file, lineNumber));
                } else if (call.find()) {
                    open = new ModuleCall(label(call, 1), null, file, lineNumber);
                    module.calls.putIfAbsent(open.name(), open);
                }
            } else if (code && depth == 1 && open != null) {
                Matcher source = SOURCE.matcher(line);
                if (source.find() && module.calls.get(open.name()) == open) {
                    open = new ModuleCall(open.name(), source.group(1), open.file(), open.line());
                    module.calls.put(open.name(), open);
                }
            }
            lexer.consume(line);
            if (lexer.depth == 0) {
                open = null;
            }
        }
    }

    private static String label(Matcher matcher, int group) {
        return matcher.group(group) != null ? matcher.group(group) : matcher.group(group + 1);
    }

    private SourceLocation location(Path file, int line, boolean exact) {
        Path absolute = file.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
        return new SourceLocation(shown.toString().replace('\\', '/'), line, exact);
    }

    /** Tracks brace depth across lines, ignoring braces in strings, comments and heredocs. */
    private static final class Lexer {
        int depth;
        private boolean inBlockComment;
        private String heredoc;

        boolean startsInCode() {
            return !inBlockComment && heredoc == null;
        }

        void consume(String line) {
            if (heredoc != null) {
                if (line.trim().equals(heredoc)) {
                    heredoc = null;
                }
                return;
            }
            StringBuilder code = new StringBuilder();
            boolean inString = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                if (inBlockComment) {
                    if (c == '*' && next == '/') {
                        inBlockComment = false;
                        i++;
                    }
                } else if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '#' || (c == '/' && next == '/')) {
                    break;
                } else if (c == '/' && next == '*') {
                    inBlockComment = true;
                    i++;
                } else {
                    code.append(c);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}') {
                        depth = Math.max(0, depth - 1);
                    }
                }
            }
            Matcher marker = HEREDOC.matcher(code);
            if (marker.find()) {
                heredoc = marker.group(1);
            }
        }
    }
}
