package dev.backstop.core.policy;

import java.time.LocalDate;
import java.util.List;

/**
 * A reviewed, owned and dated exception to a rule: matching findings are kept in the report but no longer block.
 * An exemption stops working after {@code expires} (the whole day counts, UTC) and is then reported itself, so
 * exceptions do not quietly become permanent. Denials ({@code protect}, deny rules) cannot be exempted.
 *
 * @param rules   rule ids it applies to; {@code *} for every rule
 * @param address address pattern, or null for any address
 * @param type    type pattern, or null for any type
 */
public record Exemption(List<String> rules, AddressPattern address, AddressPattern type, String reason, String owner,
        LocalDate expires, SourcePosition position) {

    public Exemption {
        rules = List.copyOf(rules);
    }

    public boolean isExpired(LocalDate today) {
        return today.isAfter(expires);
    }

    public boolean appliesTo(String rule, String findingAddress, String findingType) {
        if (!rules.contains("*") && !rules.contains(rule)) {
            return false;
        }
        if (address != null && !address.matches(findingAddress)) {
            return false;
        }
        return type == null || type.matches(findingType);
    }

    /** What it covers, for reports: {@code stateful-destroy on aws_db_instance.scratch*}. */
    public String describe() {
        StringBuilder text = new StringBuilder(String.join(", ", rules));
        if (address != null) {
            text.append(" on ").append(address);
        }
        if (type != null) {
            text.append(address == null ? " on type " : " (type ").append(type).append(address == null ? "" : ")");
        }
        return text.toString();
    }
}
