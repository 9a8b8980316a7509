package dev.backstop.core.catalog;

/** What a resource type is to the data it concerns. */
public enum Role {
    /** Holds data itself: destroying it loses the data. */
    DATA,
    /** Compute or membership of something that holds the data elsewhere: destroying it means downtime, not loss. */
    MEMBER,
    /** A backup store, recovery point, backup plan or copy mechanism. */
    BACKUP;

    /** The name used in the catalog files and in output: {@code data}, {@code member}, {@code backup}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
