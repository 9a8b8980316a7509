package dev.backstop.core.testing;

import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanInfo;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.plan.ResourceChange;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads plans in tests through the real reader, keeping every change. */
public final class Plans {
    private Plans() {
    }

    public record Read(PlanInfo info, List<ResourceChange> changes) {
        public ResourceChange change(String address) {
            return changes.stream().filter(c -> c.address().equals(address) && c.deposed() == null).findFirst()
                    .orElseThrow(() -> new AssertionError("no change for " + address + " in " + changes));
        }
    }

    public static Read read(Path file) {
        return read(PlanSource.file(file));
    }

    public static Read read(String json) {
        return read(PlanSource.stdin(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }

    public static Read read(PlanSource source) {
        List<ResourceChange> changes = new ArrayList<>();
        PlanInfo info = source.read(changes::add, new PlanConverter(List.of("terraform"), Duration.ofMinutes(2)));
        return new Read(info, changes);
    }

    /** A minimal valid plan around the given resource_changes entries (JSON text). */
    public static String planWith(String... resourceChanges) {
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.8\",\"planned_values\":{\"root_module\":{}},"
                + "\"resource_changes\":[" + String.join(",", resourceChanges) + "],"
                + "\"applyable\":true,\"complete\":true,\"errored\":false}";
    }

    /** One resource_changes entry. {@code change} is the JSON of the change object without braces. */
    public static String change(String address, String change) {
        String type = address.replaceAll("^(module\\.[^.]+\\.)*(data\\.)?", "").split("\\.")[0];
        String name = address.replaceAll("^(module\\.[^.]+\\.)*(data\\.)?[^.]+\\.", "").replaceAll("\\[.*", "");
        String mode = address.matches("^(module\\.[^.]+\\.)*data\\..*") ? "data" : "managed";
        return "{\"address\":\"" + address + "\",\"mode\":\"" + mode + "\",\"type\":\"" + type + "\",\"name\":\"" + name
                + "\",\"provider_name\":\"registry.terraform.io/hashicorp/aws\",\"change\":{" + change + "}}";
    }
}
