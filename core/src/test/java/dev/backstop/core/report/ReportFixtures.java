package dev.backstop.core.report;

import dev.backstop.core.check.PlanCheck;
import dev.backstop.core.plan.PlanConverter;
import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.policy.Policy;
import dev.backstop.core.testing.RepoFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Real reports from real plans for the format tests. testdata/reports/plan.json has a replacement, a removed block,
 * a key that left for_each, resources in a local and in a registry module, a weakened protection, a plan-wide
 * mass destroy, a forget and a move, and one address built to attack every format (HTML, Markdown, mentions,
 * workflow commands, and the escapes Terraform writes for control characters: a raw control character in an
 * address is refused by the reader). testdata/reports/config/ is its configuration.
 */
final class ReportFixtures {
    /** A policy that denies one destroy, exempts another and adds a custom rule, so every finding shape occurs. */
    static final String POLICY = """
            version: 1
            protect:
              - address: aws_db_instance.orders
                reason: orders database
            exempt:
              - rule: stateful-destroy
                address: aws_s3_bucket.gone
                reason: emptied and replaced by the archive bucket
                owner: data-team
                expires: 2099-12-31
            custom_rules:
              - id: no-bucket-delete
                severity: medium
                message: Buckets are retired by the storage team, not in a plan.
                condition: change.type == "aws_s3_bucket" && "delete" in change.actions
            """;

    private ReportFixtures() {
    }

    static Path plan() {
        return RepoFiles.root().resolve("testdata/reports/plan.json");
    }

    static Path config() {
        return RepoFiles.root().resolve("testdata/reports/config");
    }

    /** The mixed plan under the built-in policy: approval required. */
    static CheckReport mixed() {
        return check(plan(), Policy.builtIn());
    }

    /** The mixed plan under {@link #POLICY}: denied, with an exemption and a custom rule. */
    static CheckReport denied() {
        return check(plan(), policy());
    }

    static Policy policy() {
        return Policy.parse("reports-policy.yml", POLICY);
    }

    static CheckReport check(String planName) {
        return check(RepoFiles.plan(planName), Policy.builtIn());
    }

    static CheckReport check(Path plan, Policy policy) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-02T10:15:00Z"), ZoneOffset.UTC);
        return new PlanCheck(policy, null, clock).run(PlanSource.file(plan),
                new PlanConverter(List.of("terraform"), java.time.Duration.ofMinutes(1)));
    }

    /** Locations in testdata/reports/config, shown relative to the repository root. */
    static ResourceLocator locator() {
        return TerraformSources.scan(config(), RepoFiles.root());
    }

    static ReportContext context() {
        return new ReportContext(RuleDescriptions.of(policy()), locator(), "0.0.0-test", false);
    }

    static String render(ReportWriter writer, CheckReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The for_each key of the hostile address in plan.json, as written there. */
    static String hostileAddress(CheckReport report) {
        return report.findings().stream().map(f -> f.address()).filter(a -> a != null && a.contains("evil"))
                .findFirst().orElseThrow();
    }
}
