package dev.backstop.core.verdict;

/**
 * The exit codes every Backstop front end returns. They are part of the public contract (README, {@code --help}):
 * pipelines branch on them, so they never change meaning.
 */
public final class ExitCodes {
    /** The plan may be applied. */
    public static final int ALLOW = 0;
    /** Bad input or an internal failure: nothing was decided, so nothing may be applied. */
    public static final int ERROR = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;
    /** The plan needs an authorised human's sign-off first. */
    public static final int APPROVAL_REQUIRED = 3;
    /** Policy forbids the plan outright; no approval can override it. */
    public static final int DENIED = 4;

    private ExitCodes() {
    }
}
