package dev.backstop.cli;

import static dev.backstop.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.testing.Terraform;
import dev.backstop.core.verdict.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `backstop check` on plans the real terraform made, JSON and binary. Skipped where terraform is absent. */
class RealTerraformCheckTest {

    @Test
    void destroyPlanFromTerraformIsJudgedTheSameWhetherJsonOrBinary(@TempDir Path dir) throws Exception {
        Terraform terraform = Terraform.in(dir).config("resource \"terraform_data\" \"db\" {\n  input = \"orders\"\n}\n").init();
        terraform.apply();
        Path binary = terraform.plan("destroy.tfplan", "-destroy");
        Path json = terraform.showJson(binary);

        Cli.Result fromJson = cli().run("check", json.toString());
        Cli.Result fromBinary = cli().run("check", binary.toString());

        // terraform_data holds no data: its destroy is shown as advisory, and the verdict is allow.
        assertThat(fromJson.exitCode()).as(fromJson.all()).isEqualTo(ExitCodes.ALLOW);
        assertThat(fromJson.out()).contains("terraform_data.db").contains("will be destroyed").contains("rule: destroy (advisory)");
        assertThat(fromBinary.exitCode()).as(fromBinary.all()).isEqualTo(ExitCodes.ALLOW);
        assertThat(fromBinary.out()).isEqualTo(fromJson.out());
    }

    @Test
    void createOnlyPlanFromTerraformIsAllowed(@TempDir Path dir) throws Exception {
        Terraform terraform = Terraform.in(dir).config("resource \"terraform_data\" \"db\" {\n  input = \"orders\"\n}\n").init();

        Cli.Result result = cli().run("check", terraform.showJson(terraform.plan("create.tfplan")).toString());

        assertThat(result.exitCode()).as(result.all()).isEqualTo(ExitCodes.ALLOW);
    }
}
