package dev.backstop.core.catalog;

/** A resource whose mere existence protects another (versioning, a vault lock): deleting it weakens protection. */
public record ExistenceProtection(String type, String protects, String note, int ref) {
}
