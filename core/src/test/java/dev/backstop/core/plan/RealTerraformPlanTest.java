package dev.backstop.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.Plans;
import dev.backstop.core.testing.Terraform;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans made by the real terraform binary, read by the real reader. Skipped where terraform is absent. */
class RealTerraformPlanTest {
    private static final String ONE = "resource \"terraform_data\" \"db\" {\n  input = \"%s\"\n  triggers_replace = [\"%s\"]\n}\n";

    @TempDir
    Path dir;

    private Terraform applied(String input, String trigger) throws Exception {
        Terraform terraform = Terraform.in(dir).config(String.format(ONE, input, trigger)).init();
        terraform.apply();
        return terraform;
    }

    private Plans.Read planJson(Terraform terraform, String... extra) {
        return Plans.read(terraform.showJson(terraform.plan("plan.tfplan", extra)));
    }

    @Test
    void createIsClassifiedAsCreate() throws Exception {
        Terraform terraform = Terraform.in(dir).config(String.format(ONE, "a", "1")).init();

        Plans.Read plan = planJson(terraform);

        assertThat(plan.change("terraform_data.db").kind()).isEqualTo(ChangeKind.CREATE);
        assertThat(plan.info().formatVersion()).startsWith("1.");
        assertThat(plan.info().errored()).isFalse();
    }

    @Test
    void changedInputIsAnUpdateInPlace() throws Exception {
        Terraform terraform = applied("a", "1").config(String.format(ONE, "b", "1"));

        ResourceChange change = planJson(terraform).change("terraform_data.db");

        assertThat(change.kind()).isEqualTo(ChangeKind.UPDATE);
        assertThat(change.isDestructive()).isFalse();
    }

    @Test
    void changedTriggerForcesAReplacementWithItsPath() throws Exception {
        Terraform terraform = applied("a", "1").config(String.format(ONE, "a", "2"));

        ResourceChange change = planJson(terraform).change("terraform_data.db");

        assertThat(change.kind()).isEqualTo(ChangeKind.REPLACE);
        assertThat(change.actions()).containsExactly("delete", "create");
        assertThat(change.actionReason()).isEqualTo("replace_because_cannot_update");
        assertThat(change.replacePaths().toString()).contains("triggers_replace");
    }

    @Test
    void destroyPlanDeletesEverything() throws Exception {
        Terraform terraform = applied("a", "1");

        Plans.Read plan = planJson(terraform, "-destroy");

        assertThat(plan.changes()).isNotEmpty().allSatisfy(c -> assertThat(c.kind()).isEqualTo(ChangeKind.DELETE));
    }

    @Test
    void removedBlockWithoutMovedIsADeleteBecauseNoResourceConfig() throws Exception {
        Terraform terraform = applied("a", "1").config("resource \"terraform_data\" \"other\" {}\n");

        ResourceChange change = planJson(terraform).change("terraform_data.db");

        assertThat(change.kind()).isEqualTo(ChangeKind.DELETE);
        assertThat(change.actionReason()).isEqualTo("delete_because_no_resource_config");
    }

    @Test
    void movedBlockKeepsTheObjectAndRecordsThePreviousAddress() throws Exception {
        Terraform terraform = applied("a", "1").config(String.format(ONE, "a", "1").replace("\"db\"", "\"database\"")
                + "moved {\n  from = terraform_data.db\n  to   = terraform_data.database\n}\n");

        ResourceChange change = planJson(terraform).change("terraform_data.database");

        assertThat(change.previousAddress()).isEqualTo("terraform_data.db");
        assertThat(change.isMove()).isTrue();
        assertThat(change.isDestructive()).isFalse();
    }

    @Test
    void removedBlockWithDestroyFalseIsAForget() throws Exception {
        Terraform terraform = applied("a", "1").config(
                "removed {\n  from = terraform_data.db\n  lifecycle {\n    destroy = false\n  }\n}\n");

        ResourceChange change = planJson(terraform).change("terraform_data.db");

        assertThat(change.kind()).isEqualTo(ChangeKind.FORGET);
        assertThat(change.isDestructive()).isFalse();
    }

    @Test
    void countShrinkDeletesTheHighIndexWithItsReason() throws Exception {
        Terraform terraform = Terraform.in(dir).config("resource \"terraform_data\" \"disk\" {\n  count = 3\n  input = count.index\n}\n").init();
        terraform.apply();
        terraform.config("resource \"terraform_data\" \"disk\" {\n  count = 2\n  input = count.index\n}\n");

        ResourceChange change = planJson(terraform).change("terraform_data.disk[2]");

        assertThat(change.kind()).isEqualTo(ChangeKind.DELETE);
        assertThat(change.actionReason()).isEqualTo("delete_because_count_index");
        assertThat(change.index().intValue()).isEqualTo(2);
    }

    @Test
    void binaryPlanFileIsConvertedWithTerraformShow() throws Exception {
        Terraform terraform = applied("a", "1").config(String.format(ONE, "a", "2"));
        Path binary = terraform.plan("plan.tfplan");
        Plans.Read fromJson = Plans.read(terraform.showJson(binary));

        Plans.Read fromBinary = Plans.read(PlanSource.file(binary));

        assertThat(fromBinary.changes()).isEqualTo(fromJson.changes());
    }
}
