package dev.backstop.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.BackstopException;
import dev.backstop.core.plan.PlanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's hash chain finds edits, deletions and reordering; appends never interleave. */
class AuditLogTest {
    @TempDir
    Path dir;

    Path logWith(int entries) {
        Path log = dir.resolve("audit.jsonl");
        for (int i = 1; i <= entries; i++) {
            ObjectNode entry = PlanJson.mapper().createObjectNode();
            entry.put("event", "check");
            entry.put("verdict", i % 2 == 0 ? "allow" : "approval_required");
            entry.put("n", i);
            AuditLog.append(log, entry);
        }
        return log;
    }

    List<String> lines(Path log) throws IOException {
        return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    @Test
    void untouchedLogIsIntactAndNamesItsHead() throws IOException {
        Path log = logWith(5);

        AuditLog.Verification result = AuditLog.verify(log);

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(5);
        assertThat(result.head()).isEqualTo(AuditLog.hash(lines(log).get(4)));
        assertThat(lines(log).get(0)).startsWith("{\"seq\":1,\"prev\":\"" + AuditLog.GENESIS + "\"");
    }

    @Test
    void editedLineBreaksTheChainAtTheNextLine() throws IOException {
        Path log = logWith(4);
        List<String> lines = lines(log);
        lines.set(1, lines.get(1).replace("\"allow\"", "\"deny\""));
        Files.write(log, lines, StandardCharsets.UTF_8);

        AuditLog.Verification result = AuditLog.verify(log);

        assertThat(result.intact()).isFalse();
        assertThat(result.problems()).singleElement().asString().startsWith("line 3: prev does not match");
    }

    @Test
    void deletedLineIsFound() throws IOException {
        Path log = logWith(4);
        List<String> lines = lines(log);
        lines.remove(1);
        Files.write(log, lines, StandardCharsets.UTF_8);

        assertThat(AuditLog.verify(log).problems()).anySatisfy(p -> assertThat(p).startsWith("line 2: seq is 3"));
    }

    @Test
    void reorderedLinesAreFound() throws IOException {
        Path log = logWith(4);
        List<String> lines = lines(log);
        Collections.swap(lines, 1, 2);
        Files.write(log, lines, StandardCharsets.UTF_8);

        assertThat(AuditLog.verify(log).intact()).isFalse();
    }

    @Test
    void lineThatIsNotJsonIsReported() throws IOException {
        Path log = logWith(2);
        Files.writeString(log, "garbage\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThat(AuditLog.verify(log).problems()).contains("line 3: not valid JSON");
    }

    @Test
    void aNumberNoBigDecimalCanHoldIsReportedNotACrash() throws IOException {
        Path log = logWith(2);
        Files.writeString(log, "{\"seq\":1e99999999999}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThat(AuditLog.verify(log).problems()).contains("line 3: not valid JSON");
    }

    @Test
    void appendRefusesToExtendADamagedLog() throws IOException {
        Path log = logWith(1);
        Files.writeString(log, "{\"no\":\"seq\"}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> logWith(1)).isInstanceOf(BackstopException.class).hasMessageContaining("damaged");
    }

    @Test
    void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
        Path log = dir.resolve("shared.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            futures.add(pool.submit(() -> AuditLog.append(log, PlanJson.mapper().createObjectNode().put("n", n))));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();

        AuditLog.Verification result = AuditLog.verify(log);
        assertThat(result.problems()).isEmpty();
        assertThat(result.entries()).isEqualTo(40);
    }
}
