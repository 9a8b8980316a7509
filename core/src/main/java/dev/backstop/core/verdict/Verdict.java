package dev.backstop.core.verdict;

import java.util.Collection;
import java.util.Locale;

/** The decision on a plan. Only {@link #ALLOW} lets {@code apply} go ahead. */
public enum Verdict {
    ALLOW(ExitCodes.ALLOW),
    APPROVAL_REQUIRED(ExitCodes.APPROVAL_REQUIRED),
    DENY(ExitCodes.DENIED),
    ERROR(ExitCodes.ERROR);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The name used in reports: {@code allow}, {@code approval_required}, {@code deny}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The verdict for a set of finding severities: approval is required when any reaches {@code blocking}. Deny is
     * only ever decided by policy, never by severity alone.
     */
    public static Verdict fromSeverities(Collection<Severity> severities, Severity blocking) {
        for (Severity severity : severities) {
            if (severity.isAtLeast(blocking)) {
                return APPROVAL_REQUIRED;
            }
        }
        return ALLOW;
    }
}
