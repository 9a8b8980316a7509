package dev.backstop.core.policy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.backstop.core.BuiltInData;
import dev.backstop.core.catalog.Catalog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (core's process-classes): compiles the built-in YAML in {@code backstop/policies/} into
 * {@link BuiltInData#RESOURCE}. First loads everything through the YAML path, with all its checks, so a broken
 * catalog or policy fails the build; then writes rules.yml and the catalog files as plain JSON, and the default
 * policy as its positioned tree ({@link CompiledYaml}).
 *
 * <pre>BuiltInCompiler target/classes/backstop/policies</pre>
 */
public final class BuiltInCompiler {
    private BuiltInCompiler() {
    }

    public static void main(String[] args) throws IOException {
        Path policies = Path.of(args[0]);
        Path target = policies.resolve(Path.of(BuiltInData.RESOURCE).getFileName().toString());
        Files.deleteIfExists(target);
        // With the compiled file gone, these read the YAML, and refuse anything wrong in it.
        Policy.builtIn();
        Catalog.builtIn();

        ObjectMapper yaml = new YAMLMapper();
        ObjectMapper json = new ObjectMapper();
        Path temp = policies.resolve(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp);
                JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.writeStartObject();
            generator.writeFieldName("rules.yml");
            json.writeTree(generator, yaml.readTree(policies.resolve("rules.yml").toFile()));
            generator.writeFieldName("catalog");
            generator.writeStartObject();
            List<Path> files;
            try (Stream<Path> list = Files.list(policies.resolve("catalog"))) {
                files = list.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
            }
            for (Path file : files) {
                JsonNode tree = yaml.readTree(file.toFile());
                generator.writeFieldName(file.getFileName().toString());
                json.writeTree(generator, tree);
            }
            generator.writeEndObject();
            generator.writeFieldName(PolicyLoader.COMPILED_SECTION);
            CompiledYaml.write(PolicyLoader.builtInTree(), generator);
            generator.writeEndObject();
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
