package dev.backstop.core.catalog;

/**
 * An attribute whose change can weaken data protection, and how.
 *
 * @param type   resource type
 * @param path   attribute path; nested blocks (lists) are stepped through implicitly
 * @param change the weakening transition
 * @param note   what the weakening means, in a few words
 * @param ref    line of the reference the entry comes from
 */
public record Protection(String type, AttributePath path, Weakening change, String note, int ref) {
}
