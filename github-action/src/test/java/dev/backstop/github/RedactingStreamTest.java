package dev.backstop.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactingStreamTest {
    @Test
    void theTokenNeverReachesTheTarget() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = RedactingStream.wrap(new PrintStream(target, true, StandardCharsets.UTF_8),
                new Token("ghs_secret123"));

        out.print("Authorization: token ghs_sec");
        out.print("ret123\nnext ");
        out.println("ghs_secret123 é");
        new IllegalStateException("bad ghs_secret123").printStackTrace(out);
        out.flush();

        String text = target.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("ghs_secret123").startsWith("Authorization: token ***\nnext *** é\n")
                .contains("IllegalStateException: bad ***");
    }
}
