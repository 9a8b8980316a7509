package dev.backstop.core.policy;

/** Where something was written in a policy file: {@code file:line:column}, both 1-based, as editors jump to them. */
public record SourcePosition(String file, int line, int column) {
    /** The shipped default policy has no file a user can open. */
    public static final String BUILT_IN = "built-in";

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
