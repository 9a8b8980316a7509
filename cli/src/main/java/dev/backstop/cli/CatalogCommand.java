package dev.backstop.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.backstop.core.BackstopException;
import dev.backstop.core.catalog.Catalog;
import dev.backstop.core.catalog.ResourceKind;
import dev.backstop.core.plan.PlanJson;
import dev.backstop.core.verdict.ExitCodes;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "catalog",
        mixinStandardHelpOptions = true,
        description = {"List the resource types Backstop knows: what holds data, what is only a member of a data",
            "store, and what holds backups."},
        footerHeading = "%nExamples:%n",
        footer = {"  backstop catalog --provider aws", "  backstop catalog --format json | jq '.[] | select(.role == \"backup\")'"})
final class CatalogCommand extends BackstopCommand {
    enum Format { text, json }

    @Option(names = "--provider", paramLabel = "P", description = "Only this provider (aws, google, azurerm, kubernetes, ...).")
    String provider;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    protected int execute() {
        Catalog catalog = Catalog.builtIn();
        List<ResourceKind> kinds = catalog.kinds().stream()
                .filter(k -> provider == null || k.provider().equals(provider.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(ResourceKind::provider).thenComparing(ResourceKind::type))
                .toList();
        if (kinds.isEmpty()) {
            TreeSet<String> providers = new TreeSet<>();
            catalog.kinds().forEach(k -> providers.add(k.provider()));
            err().println("backstop: the catalog has no provider \"" + provider + "\"; it has: " + String.join(", ", providers));
            return ExitCodes.USAGE;
        }
        if (format == Format.json) {
            writeJson(kinds);
        } else {
            for (ResourceKind kind : kinds) {
                out().printf("%-55s %-7s %-18s %s%n", kind.type(), kind.role().label(),
                        kind.category() + (kind.container() ? "*" : ""), kind.note());
            }
            out().println();
            out().println(kinds.size() + " types. * = container: destroying it destroys the data inside it.");
        }
        return ExitCodes.ALLOW;
    }

    private void writeJson(List<ResourceKind> kinds) {
        try (JsonGenerator json = PlanJson.prettyGenerator(out())) {
            json.writeStartArray();
            for (ResourceKind kind : kinds) {
                json.writeStartObject();
                json.writeStringField("provider", kind.provider());
                json.writeStringField("type", kind.type());
                json.writeStringField("role", kind.role().label());
                json.writeStringField("category", kind.category());
                json.writeBooleanField("container", kind.container());
                json.writeStringField("holds_data_in", kind.holdsDataIn());
                json.writeStringField("note", kind.note());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new BackstopException("cannot write the catalog: " + e.getMessage(), e);
        }
    }
}
