package dev.backstop.core.plan;

/**
 * Receives a plan's resource changes one at a time as the reader streams through the file. Nothing is kept by the
 * reader: a handler that needs a change later must keep it itself, so memory follows what the handler keeps, not
 * the size of the plan.
 */
@FunctionalInterface
public interface PlanHandler {
    void onChange(ResourceChange change);
}
