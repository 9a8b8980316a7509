package dev.backstop.core.report;

import dev.backstop.core.plan.ChangeKind;
import dev.backstop.core.plan.ResourceChange;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of the plan's changes by kind. Mutable while the plan streams, then read by the report. */
public final class ChangeSummary {
    private final EnumMap<ChangeKind, Long> counts = new EnumMap<>(ChangeKind.class);
    private long moved;

    public ChangeSummary() {
        for (ChangeKind kind : ChangeKind.values()) {
            counts.put(kind, 0L);
        }
    }

    public void count(ResourceChange change) {
        counts.merge(change.kind(), 1L, Long::sum);
        if (change.isMove()) {
            moved++;
        }
    }

    public long count(ChangeKind kind) {
        return counts.get(kind);
    }

    public long moved() {
        return moved;
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts keyed by the report's names, in a fixed order: create, update, delete, replace, ..., moved, total. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (ChangeKind kind : ChangeKind.values()) {
            map.put(kind.label(), counts.get(kind));
        }
        map.put("moved", moved);
        map.put("total", total());
        return Collections.unmodifiableMap(map);
    }
}
