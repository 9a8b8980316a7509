package dev.backstop.core.report;

/**
 * Where in the Terraform configuration a finding is shown.
 *
 * @param path  the .tf file, relative to the working directory with {@code /} separators when it lies beneath it,
 *              else absolute
 * @param line  1-based line
 * @param exact true at the finding's own {@code resource} block; false at an anchor: the {@code module} block that
 *              calls a module Backstop cannot read, or line 1 of the module's main file when the block is gone
 *              (a removed resource has no line left to point at)
 */
public record SourceLocation(String path, int line, boolean exact) {
}
