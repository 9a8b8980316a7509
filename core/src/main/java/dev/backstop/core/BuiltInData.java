package dev.backstop.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.plan.PlanJson;
import java.io.IOException;
import java.io.InputStream;

/**
 * The built-in rules, catalog and default policy as the build compiled them: one JSON file made from the YAML in
 * policies/ (by {@code dev.backstop.core.policy.BuiltInCompiler}, at process-classes), so a check reads them with
 * the JSON parser it needs anyway instead of starting a YAML parser and a data binder, which cost more than
 * checking a small plan (docs/performance.md). The YAML stays the source; each loader falls back to it when the
 * compiled file is absent (a build that skipped the step), and tests hold both to the same result.
 */
public final class BuiltInData {
    /** Where the build puts the compiled data inside the core jar. */
    public static final String RESOURCE = "/backstop/policies/built-in.json";

    private BuiltInData() {
    }

    private static volatile JsonNode data;
    private static volatile boolean loaded;

    /**
     * A section of the compiled data ({@code rules.yml}, {@code catalog}, {@code default-policy.yml}), or null when
     * the build made none. Read once; a failure is reported to every caller (not hidden in a class initialiser).
     */
    public static JsonNode section(String name) {
        if (!loaded) {
            synchronized (BuiltInData.class) {
                if (!loaded) {
                    data = load();
                    loaded = true;
                }
            }
        }
        JsonNode compiled = data;
        return compiled == null ? null : compiled.get(name);
    }

    private static JsonNode load() {
        try (InputStream in = BuiltInData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            try (JsonParser parser = PlanJson.factory().createParser(in)) {
                parser.nextToken();
                return PlanJson.readTree(parser);
            }
        } catch (IOException e) {
            throw new BackstopException("cannot read the built-in data " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
