package dev.backstop.core.rules;

import dev.backstop.core.verdict.Severity;

/** A rule with a fixed id and the severity it reports at (from policies/rules.yml, later from the policy). */
abstract class SeverityRule implements Rule {
    private final String id;
    protected final Severity severity;

    SeverityRule(String id, Severity severity) {
        this.id = id;
        this.severity = severity;
    }

    @Override
    public final String id() {
        return id;
    }
}
