package dev.backstop.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The practical limit for reading a plan on this machine: Jackson's streaming parser visiting every token of the
 * file and doing nothing else (no strings decoded, no trees, no rules). {@code bench/run.sh} runs it as its own JVM
 * beside {@code backstop check}, so Backstop's time can be read as a multiple of it.
 *
 * <pre>java -cp benchmarks.jar dev.backstop.bench.TokenScan plan.json</pre>
 */
public final class TokenScan {
    private TokenScan() {
    }

    public static void main(String[] args) throws IOException {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                .build();
        long tokens = 0;
        try (InputStream in = Files.newInputStream(Path.of(args[0])); JsonParser parser = factory.createParser(in)) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        System.out.println(tokens + " tokens");
    }
}
