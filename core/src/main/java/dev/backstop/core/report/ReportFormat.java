package dev.backstop.core.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every rendering of a {@link CheckReport}, by the name a command line or a CI configuration uses for it. */
public enum ReportFormat {
    /** For people at a terminal or reading a CI log. */
    TEXT,
    /** Schema {@value CheckReport#SCHEMA}, for programs. */
    JSON,
    /** A pull-request comment or a GitHub step summary. */
    MARKDOWN,
    /** SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. */
    SARIF,
    /** JUnit XML, which every CI server shows as test results. */
    JUNIT,
    /** The native JSON format of Jenkins' Warnings Next Generation plugin (analysis-model). */
    NATIVE,
    /** GitHub Actions workflow commands: annotations on the run and the pull request. */
    GITHUB;

    /** The name used on the command line and in the docs: {@code text}, {@code json}, {@code markdown}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportFormat> parse(String label) {
        return Arrays.stream(values()).filter(format -> format.label().equals(label)).findFirst();
    }

    /** "text, json, markdown, ..." for usage messages. */
    public static String labels() {
        return Arrays.stream(values()).map(ReportFormat::label).collect(Collectors.joining(", "));
    }
}
