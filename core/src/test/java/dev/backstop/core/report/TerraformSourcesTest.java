package dev.backstop.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.BackstopException;
import dev.backstop.core.rules.Finding;
import dev.backstop.core.testing.RepoFiles;
import dev.backstop.core.verdict.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformSourcesTest {
    private static final String MAIN = "testdata/reports/config/main.tf";

    private static Optional<SourceLocation> locate(String address) {
        return ReportFixtures.locator().locate(finding(address));
    }

    private static Finding finding(String address) {
        return new Finding("destroy", Severity.LOW, address, "t", List.of("delete"), "m", null, List.of(), null);
    }

    /**
     * The last line that is exactly {@code header {}: main.tf puts a decoy (in a block comment, in a heredoc) before
     * each real block.
     */
    private static int lineOf(Path file, String header) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).equals(header + " {")) {
                return i + 1;
            }
        }
        throw new AssertionError(header + " not in " + file);
    }

    @Test
    void rootResourceIsFoundAtItsBlockNotInCommentsOrHeredocs() throws Exception {
        Path main = RepoFiles.root().resolve(MAIN);

        assertThat(locate("aws_db_instance.orders"))
                .contains(new SourceLocation(MAIN, lineOf(main, "resource \"aws_db_instance\" \"orders\""), true));
        assertThat(locate("aws_db_instance.main"))
                .contains(new SourceLocation(MAIN, lineOf(main, "resource \"aws_db_instance\" \"main\""), true));
        assertThat(locate("aws_s3_bucket.evil[\"x.y]z\"]"))
                .contains(new SourceLocation(MAIN, lineOf(main, "resource \"aws_s3_bucket\" \"evil\""), true));
    }

    @Test
    void resourceInALocalModuleIsFoundThroughItsModuleBlocksSource() {
        assertThat(locate("module.storage.aws_s3_bucket.logs[\"a|b\"]"))
                .contains(new SourceLocation("testdata/reports/config/modules/storage/main.tf", 5, true));
    }

    @Test
    void resourceInARegistryModuleIsAnchoredAtTheModuleCallNotInsideDotTerraform() throws Exception {
        Path main = RepoFiles.root().resolve(MAIN);

        assertThat(locate("module.vpc.aws_security_group.this"))
                .contains(new SourceLocation(MAIN, lineOf(main, "module \"vpc\""), false));
    }

    @Test
    void removedBlockAndWholePlanFindingsAreAnchoredAtLineOneOfTheMainFile() {
        assertThat(locate("aws_s3_bucket.gone")).contains(new SourceLocation(MAIN, 1, false));
        assertThat(locate(null)).contains(new SourceLocation(MAIN, 1, false));
    }

    @Test
    void deposedObjectsAndDataSourcesAreMatchedByTheirOwnBlockKeyword() {
        assertThat(locate("aws_db_instance.orders (deposed object 1a2b3c4d)")).get()
                .extracting(SourceLocation::exact).isEqualTo(true);
        assertThat(locate("data.aws_db_instance.orders")).contains(new SourceLocation(MAIN, 1, false));
    }

    @Test
    void moduleThatIsNotInTheConfigurationFallsBackToTheOneBlockOfThatTypeAndName() {
        assertThat(locate("module.renamed.aws_s3_bucket.logs"))
                .contains(new SourceLocation("testdata/reports/config/modules/storage/main.tf", 5, true));
    }

    @Test
    void directoryAboveTheRootModuleFindsUniqueBlocksBeneathIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("infra"));
        Files.writeString(dir.resolve("infra/db.tf"), "\nresource aws_db_instance orders {\n}\n");

        Optional<SourceLocation> found = TerraformSources.scan(dir, dir).locate(finding("aws_db_instance.orders"));

        assertThat(found).contains(new SourceLocation("infra/db.tf", 2, true));
    }

    @Test
    void pathsOutsideTheWorkingDirectoryAreAbsolute(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n");

        Optional<SourceLocation> found = TerraformSources.scan(dir, RepoFiles.root()).locate(finding("aws_s3_bucket.b"));

        assertThat(found).contains(new SourceLocation(dir.toAbsolutePath().resolve("main.tf").toString(), 1, true));
    }

    @Test
    void missingDirectoryIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> TerraformSources.scan(dir.resolve("nope"), dir))
                .isInstanceOf(BackstopException.class).hasMessageContaining("does not exist");
    }

    @Test
    void addressesAreTakenApartWithTheirKeysDropped() {
        assertThat(ResourceAddress.parse("module.a[\"k.1\"].module.b[0].data.aws_x.y[\"]\"]"))
                .contains(new ResourceAddress(List.of("a", "b"), "data", "aws_x", "y"));
        assertThat(ResourceAddress.parse("aws_x.y")).contains(new ResourceAddress(List.of(), "resource", "aws_x", "y"));
        assertThat(ResourceAddress.parse("aws_x")).isEmpty();
        assertThat(ResourceAddress.parse("aws_x.y[\"unterminated")).isEmpty();
        assertThat(ResourceAddress.parse("aws_x..y")).isEmpty();
    }
}
