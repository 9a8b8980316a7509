package dev.backstop.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a realistic {@code terraform show -json} plan of N resource changes, streaming, so 300,000 changes (about
 * 800 MB) need no more memory than one resource.
 *
 * <p>What a real plan of a big estate looks like: resources spread over modules, several providers (AWS, Google,
 * Azure, Kubernetes), attribute values of realistic sizes (IAM policy documents, base64 user data, config maps),
 * sensitive values with their masks, and every resource present up to four times: in {@code planned_values}, in
 * {@code resource_changes} ({@code before} and {@code after}), in {@code prior_state}, and its block in
 * {@code configuration} (with references, which Backstop reads). Most changes are {@code no-op}; some are updates
 * (a tag changes), creates (with unknown values) and deferred data reads. Hidden among them, at fixed positions,
 * are {@code destroys} deletions of data stores, removed from the configuration: the only changes a gate must stop.
 *
 * <p>Everything is a pure function of the seed and the resource's position, so the same arguments always give the
 * same bytes, and each section can regenerate a resource's values instead of keeping them.
 *
 * <pre>java -cp benchmarks.jar dev.backstop.bench.PlanGenerator --changes 100000 --out plan.json [--seed 42] [--destroys 3]</pre>
 */
public final class PlanGenerator {
    /** Resources per module instance, as a big estate groups them. */
    static final int MODULE_SIZE = 100;
    static final String TERRAFORM_VERSION = "1.9.8";

    private final int changes;
    private final int destroys;
    private final long seed;
    private final List<Integer> hidden = new ArrayList<>();

    public PlanGenerator(int changes, int destroys, long seed) {
        if (changes < 1 || destroys < 0 || destroys > changes) {
            throw new IllegalArgumentException("need changes >= 1 and 0 <= destroys <= changes");
        }
        this.changes = changes;
        this.destroys = destroys;
        this.seed = seed;
        for (int k = 0; k < destroys; k++) {
            hidden.add((int) ((k + 1L) * changes / (destroys + 1)));
        }
    }

    /** Positions (in resource_changes) of the hidden destroys. */
    public List<Integer> hiddenPositions() {
        return List.copyOf(hidden);
    }

    /** Addresses of the hidden destroys, in file order. */
    public List<String> hiddenAddresses() {
        List<String> addresses = new ArrayList<>();
        for (int position : hidden) {
            addresses.add(resource(position).address);
        }
        return addresses;
    }

    /** Bytes of each top-level section as written, for the record. */
    public record Sizes(long total, Map<String, Long> sections) {
    }

    public static void main(String[] args) throws IOException {
        int changes = 1000;
        int destroys = 3;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--destroys" -> destroys = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: PlanGenerator --changes N --out FILE [--destroys D] [--seed S]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("usage: PlanGenerator --changes N --out FILE [--destroys D] [--seed S]");
            System.exit(2);
        }
        PlanGenerator generator = new PlanGenerator(changes, destroys, seed);
        Sizes sizes;
        try (OutputStream file = Files.newOutputStream(out)) {
            sizes = generator.write(file);
        }
        report(System.out, changes, destroys, sizes);
    }

    static void report(PrintStream out, int changes, int destroys, Sizes sizes) {
        out.printf("%d changes, %d hidden destroys, %.1f MB%n", changes, destroys, sizes.total() / 1e6);
        sizes.sections().forEach((name, bytes) -> out.printf("  %-18s %8.1f MB %5.1f%%%n", name, bytes / 1e6,
                100.0 * bytes / sizes.total()));
    }

    /** Writes the plan to {@code out} (left open) and says how big each section came out. */
    public Sizes write(OutputStream out) throws IOException {
        Counting counting = new Counting(out);
        Map<String, Long> sections = new LinkedHashMap<>();
        JsonGenerator json = new JsonFactory().createGenerator(new BufferedOutputStream(counting, 1 << 20), JsonEncoding.UTF8);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        json.writeStartObject();
        json.writeStringField("format_version", "1.2");
        json.writeStringField("terraform_version", TERRAFORM_VERSION);
        section(json, counting, sections, "variables", () -> {
            json.writeFieldName("variables");
            json.writeStartObject();
            variable(json, "region", "eu-west-1");
            variable(json, "environment", "production");
            variable(json, "db_password", "not-a-real-password-" + seed);
            json.writeEndObject();
        });
        section(json, counting, sections, "planned_values", () -> {
            json.writeFieldName("planned_values");
            json.writeStartObject();
            json.writeFieldName("outputs");
            json.writeStartObject();
            json.writeFieldName("endpoint");
            json.writeStartObject();
            json.writeBooleanField("sensitive", false);
            json.writeStringField("type", "string");
            json.writeStringField("value", "https://api.example.com");
            json.writeEndObject();
            json.writeEndObject();
            modules(json, "root_module", i -> {
                Resource r = resource(i);
                if (r.action == Action.DELETE) {
                    return false;
                }
                r.writeStateEntry(json, r.action == Action.CREATE ? r.afterKnown() : r.after(), true);
                return true;
            });
            json.writeEndObject();
        });
        section(json, counting, sections, "resource_changes", () -> {
            json.writeFieldName("resource_changes");
            json.writeStartArray();
            for (int i = 0; i < changes; i++) {
                resource(i).writeChange(json);
            }
            json.writeEndArray();
        });
        section(json, counting, sections, "output_changes", () -> {
            json.writeFieldName("output_changes");
            json.writeStartObject();
            json.writeFieldName("endpoint");
            json.writeStartObject();
            json.writeFieldName("actions");
            json.writeStartArray();
            json.writeString("no-op");
            json.writeEndArray();
            json.writeStringField("before", "https://api.example.com");
            json.writeStringField("after", "https://api.example.com");
            json.writeBooleanField("after_unknown", false);
            json.writeBooleanField("before_sensitive", false);
            json.writeBooleanField("after_sensitive", false);
            json.writeEndObject();
            json.writeEndObject();
        });
        section(json, counting, sections, "prior_state", () -> {
            json.writeFieldName("prior_state");
            json.writeStartObject();
            json.writeStringField("format_version", "1.0");
            json.writeStringField("terraform_version", TERRAFORM_VERSION);
            json.writeFieldName("values");
            json.writeStartObject();
            modules(json, "root_module", i -> {
                Resource r = resource(i);
                if (r.action == Action.CREATE || r.mode.equals("data")) {
                    return false;
                }
                r.writeStateEntry(json, r.before(), false);
                return true;
            });
            json.writeEndObject();
            json.writeEndObject();
        });
        section(json, counting, sections, "configuration", () -> {
            json.writeFieldName("configuration");
            json.writeStartObject();
            json.writeFieldName("provider_config");
            json.writeStartObject();
            for (Template.Provider provider : Template.Provider.values()) {
                json.writeFieldName(provider.key);
                json.writeStartObject();
                json.writeStringField("name", provider.key);
                json.writeStringField("full_name", provider.source);
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeFieldName("root_module");
            json.writeStartObject();
            json.writeFieldName("module_calls");
            json.writeStartObject();
            for (int m = 0; m * MODULE_SIZE < changes; m++) {
                json.writeFieldName("svc_" + m);
                json.writeStartObject();
                json.writeStringField("source", "./modules/service");
                json.writeFieldName("module");
                json.writeStartObject();
                json.writeFieldName("resources");
                json.writeStartArray();
                int inModule = Math.min(MODULE_SIZE, changes - m * MODULE_SIZE);
                for (int t = 0; t < Math.min(inModule, Template.ALL.size()); t++) {
                    Template.Slot slot = Template.ALL.get(t);
                    slot.template().writeConfiguration(json, slot.name(), (inModule - t + Template.ALL.size() - 1) / Template.ALL.size());
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        });
        json.writeFieldName("relevant_attributes");
        json.writeStartArray();
        json.writeStartObject();
        json.writeStringField("resource", "module.svc_0.aws_instance.web[0]");
        json.writeFieldName("attribute");
        json.writeStartArray();
        json.writeString("private_ip");
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeStringField("timestamp", "2026-11-02T10:15:00Z");
        json.writeBooleanField("applyable", true);
        json.writeBooleanField("complete", true);
        json.writeBooleanField("errored", false);
        json.writeEndObject();
        json.writeRaw('\n');
        json.close();
        return new Sizes(counting.count, sections);
    }

    private interface Body {
        void write() throws IOException;
    }

    private static void section(JsonGenerator json, Counting counting, Map<String, Long> sizes, String name, Body body)
            throws IOException {
        json.flush();
        long start = counting.count;
        body.write();
        json.flush();
        sizes.put(name, counting.count - start);
    }

    private interface Entry {
        boolean write(int index) throws IOException;
    }

    /** {"resources":[...root...],"child_modules":[{"resources":[...],"address":"module.svc_m"}...]} in state form. */
    private void modules(JsonGenerator json, String field, Entry entry) throws IOException {
        json.writeFieldName(field);
        json.writeStartObject();
        json.writeFieldName("child_modules");
        json.writeStartArray();
        for (int m = 0; m * MODULE_SIZE < changes; m++) {
            json.writeStartObject();
            json.writeFieldName("resources");
            json.writeStartArray();
            for (int i = m * MODULE_SIZE; i < Math.min(changes, (m + 1) * MODULE_SIZE); i++) {
                entry.write(i);
            }
            json.writeEndArray();
            json.writeStringField("address", "module.svc_" + m);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void variable(JsonGenerator json, String name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeStartObject();
        json.writeStringField("value", value);
        json.writeEndObject();
    }

    enum Action {
        NO_OP("no-op"), UPDATE("update"), CREATE("create"), READ("read"), DELETE("delete");

        final String label;

        Action(String label) {
            this.label = label;
        }
    }

    /** The resource at position {@code i}: a pure function of the seed and {@code i}. */
    Resource resource(int i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        int module = i / MODULE_SIZE;
        int inModule = i % MODULE_SIZE;
        int hiddenIndex = hidden.indexOf(i);
        if (hiddenIndex >= 0) {
            Template template = Template.HIDDEN.get(hiddenIndex % Template.HIDDEN.size());
            return new Resource(template, "module.svc_" + module, template.name + "_legacy_" + hiddenIndex, null,
                    Action.DELETE, "managed", random, i);
        }
        Template.Slot slot = Template.ALL.get(inModule % Template.ALL.size());
        int index = inModule / Template.ALL.size();
        int roll = random.nextInt(1000);
        Action action;
        String mode = "managed";
        if (roll < 10) {
            action = Action.READ;
            mode = "data";
        } else if (roll < 140) {
            action = Action.UPDATE;
        } else if (roll < 230) {
            action = Action.CREATE;
        } else {
            action = Action.NO_OP;
        }
        return new Resource(slot.template(), "module.svc_" + module, slot.name(), index, action, mode, random, i);
    }

    /** One resource instance and everything the plan says about it. */
    static final class Resource {
        final Template template;
        final String module;
        final String name;
        final Integer index;
        final Action action;
        final String mode;
        final String address;
        private final Map<String, Object> values;

        Resource(Template template, String module, String name, Integer index, Action action, String mode,
                SplittableRandom random, int position) {
            this.template = template;
            this.module = module;
            this.name = name;
            this.index = index;
            this.action = action;
            this.mode = mode;
            String local = (mode.equals("data") ? "data." : "") + template.type + "." + name + (index == null ? "" : "[" + index + "]");
            this.address = module + "." + local;
            this.values = template.values(random, position, name + (index == null ? "" : "-" + index));
        }

        Map<String, Object> before() {
            return values;
        }

        /** After an update one tag differs; otherwise the same values. */
        Map<String, Object> after() {
            if (action != Action.UPDATE) {
                return values;
            }
            Map<String, Object> after = new LinkedHashMap<>(values);
            Object tags = after.get("tags");
            if (tags instanceof Map<?, ?> map) {
                Map<String, Object> changed = new LinkedHashMap<>();
                map.forEach((k, v) -> changed.put((String) k, v));
                changed.put("deployed", "2026-11-02");
                after.put("tags", changed);
            } else {
                after.put("description", "updated by the pipeline");
            }
            return after;
        }

        /** What is known of a created resource before apply: no id, no arn. */
        Map<String, Object> afterKnown() {
            Map<String, Object> known = new LinkedHashMap<>(values);
            known.remove("id");
            known.remove("arn");
            return known;
        }

        /**
         * The keys that name the resource, in Terraform's order, with which a change and a state entry both start;
         * a change also gives its {@code module_address}, a state entry does not.
         */
        private void writeIdentity(JsonGenerator json, boolean withModuleAddress) throws IOException {
            json.writeStringField("address", address);
            if (withModuleAddress) {
                json.writeStringField("module_address", module);
            }
            json.writeStringField("mode", mode);
            json.writeStringField("type", template.type);
            json.writeStringField("name", name);
            if (index != null) {
                json.writeNumberField("index", index);
            }
            json.writeStringField("provider_name", template.provider.source);
        }

        void writeChange(JsonGenerator json) throws IOException {
            json.writeStartObject();
            writeIdentity(json, true);
            json.writeFieldName("change");
            json.writeStartObject();
            json.writeFieldName("actions");
            json.writeStartArray();
            json.writeString(action.label);
            json.writeEndArray();
            switch (action) {
                case CREATE -> {
                    json.writeNullField("before");
                    json.writeFieldName("after");
                    Values.write(json, afterKnown());
                    json.writeFieldName("after_unknown");
                    json.writeStartObject();
                    json.writeBooleanField("arn", true);
                    json.writeBooleanField("id", true);
                    json.writeEndObject();
                    json.writeBooleanField("before_sensitive", false);
                    json.writeFieldName("after_sensitive");
                    template.writeSensitive(json);
                }
                case DELETE -> {
                    json.writeFieldName("before");
                    Values.write(json, before());
                    json.writeNullField("after");
                    json.writeFieldName("after_unknown");
                    json.writeStartObject();
                    json.writeEndObject();
                    json.writeFieldName("before_sensitive");
                    template.writeSensitive(json);
                    json.writeBooleanField("after_sensitive", false);
                }
                default -> {
                    json.writeFieldName("before");
                    Values.write(json, before());
                    json.writeFieldName("after");
                    Values.write(json, after());
                    json.writeFieldName("after_unknown");
                    json.writeStartObject();
                    json.writeEndObject();
                    json.writeFieldName("before_sensitive");
                    template.writeSensitive(json);
                    json.writeFieldName("after_sensitive");
                    template.writeSensitive(json);
                }
            }
            json.writeEndObject();
            if (action == Action.DELETE) {
                json.writeStringField("action_reason", "delete_because_no_resource_config");
            } else if (action == Action.READ) {
                json.writeStringField("action_reason", "read_because_dependency_pending");
            }
            json.writeEndObject();
        }

        void writeStateEntry(JsonGenerator json, Map<String, Object> values, boolean planned) throws IOException {
            json.writeStartObject();
            writeIdentity(json, false);
            json.writeNumberField("schema_version", template.schemaVersion);
            json.writeFieldName("values");
            Values.write(json, values);
            json.writeFieldName("sensitive_values");
            template.writeSensitive(json);
            if (!planned) {
                json.writeFieldName("depends_on");
                json.writeStartArray();
                json.writeString(module + ".aws_iam_role.service");
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    /** Counts the bytes that reach the file. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
