package dev.backstop.core.check;

import dev.backstop.core.plan.PlanSource;
import dev.backstop.core.report.CheckReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Runs the check once on a tiny plan of its own, so that a front end can spend the idle second core of a start on
 * loading and first running the code a real check needs (the reader, the rules, the fingerprint) while its main
 * thread is still parsing the command line. A check of a 50-change plan spent more time on that first run than on
 * the plan itself (docs/performance.md). Nothing is written anywhere; the result is dropped.
 */
public final class WarmUp {
    /** A delete, an update with a sensitive value, a no-op, and the sections a check reads or skips. */
    private static final String PLAN = """
            {"format_version":"1.2","terraform_version":"1.9.8",
             "planned_values":{"root_module":{"resources":[{"address":"aws_instance.web","mode":"managed",
               "type":"aws_instance","name":"web","values":{"ami":"ami-1","tags":{"env":"dev"}}}]}},
             "resource_changes":[
              {"address":"aws_db_instance.orders","mode":"managed","type":"aws_db_instance","name":"orders",
               "provider_name":"registry.terraform.io/hashicorp/aws",
               "change":{"actions":["delete"],"before":{"identifier":"orders","deletion_protection":false,
                 "skip_final_snapshot":true,"backup_retention_period":7,"password":"x","tags":{"env":"dev"}},
                 "after":null,"after_unknown":{},"before_sensitive":{"password":true},"after_sensitive":false}},
              {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web",
               "provider_name":"registry.terraform.io/hashicorp/aws",
               "change":{"actions":["update"],"before":{"ami":"ami-0","user_data":"a","tags":{"env":"dev"}},
                 "after":{"ami":"ami-1","user_data":"b","tags":{"env":"dev"}},"after_unknown":{"id":true},
                 "before_sensitive":{"user_data":true},"after_sensitive":{"user_data":true}}},
              {"address":"aws_s3_bucket.logs","mode":"managed","type":"aws_s3_bucket","name":"logs",
               "provider_name":"registry.terraform.io/hashicorp/aws",
               "change":{"actions":["no-op"],"before":{"bucket":"logs"},"after":{"bucket":"logs"},
                 "after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}],
             "prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[]}}},
             "configuration":{"root_module":{"resources":[{"address":"aws_instance.web","mode":"managed",
               "type":"aws_instance","name":"web","expressions":{"ami":{"constant_value":"ami-1"}}}]}},
             "timestamp":"2026-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}
            """;

    private WarmUp() {
    }

    /** The check the warm-up runs; a test holds it to finding what a real check would. */
    static CheckReport check() {
        return PlanCheck.defaults().run(PlanSource.stdin(new ByteArrayInputStream(PLAN.getBytes(StandardCharsets.UTF_8))),
                null);
    }

    /** One check of the built-in plan with the built-in policy; never fails (a real check meets any problem). */
    public static void run() {
        try {
            check();
            // SHA-256 runs in the interpreter until it has hashed some kilobytes; the fingerprint of a small plan was
            // hashed almost all interpreted. Hashing a little here gets it compiled before the real check needs it.
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1024];
            for (int i = 0; i < 32; i++) {
                digest.update(block);
            }
            digest.digest();
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            // nothing to report: this run decides nothing
        }
    }
}
