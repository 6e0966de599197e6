package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class WriteInputTest {

    private static JsonNode onlyError(ConnectorRun run) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces()).hasSize(1);
        return run.errorTraces().get(0);
    }

    @Test
    void recordOfAnUnknownStreamIsAConfigErrorWithTheLineNumber(TestDatabase db) {
        ObjectNode catalog = catalog(stream("ns", "a", "append", 1, 0));
        String input = String.join("\n", record("ns", "a", "{\"id\":1}", 1), "", record(null, "a", "{\"id\":2}", 1));

        JsonNode error = onlyError(ConnectorRun.inProcessWrite(db.config(), catalog, input));

        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText())
                .contains("Input line 3")
                .contains("stream 'a'")
                .contains("not in the configured catalog")
                .contains("{\"type\":\"RECORD\"");
    }

    @Test
    void invalidJsonIsAConfigErrorWithTheLineNumber(TestDatabase db) {
        ObjectNode catalog = catalog(stream("ns", "a", "append", 1, 0));
        String input = record("ns", "a", "{\"id\":1}", 1) + "\n{\"type\": RECORD}\n";

        JsonNode error = onlyError(ConnectorRun.inProcessWrite(db.config(), catalog, input));

        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText()).contains("Input line 2").contains("not valid JSON");
    }

    @Test
    void streamWithoutRecordsGetsItsTablesAndNamespaceNullMatchesTheDefault(TestDatabase db) {
        ObjectNode catalog = catalog(stream(null, "a", "append", 1, 0), stream(null, "empty", "append_dedup", 1, 0));
        ((ObjectNode) catalog.path("streams").get(1))
                .putArray("primary_key")
                .addArray()
                .add("id");
        String input =
                "{\"type\":\"RECORD\",\"record\":{\"namespace\":null,\"stream\":\"a\",\"emitted_at\":1,\"data\":{}}}\n"
                        + "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"\",\"stream\":\"a\",\"emitted_at\":1,\"data\":{}}}\n";

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, input);

        assertThat(run.exitCode()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM public.a")).isEqualTo(2L);
        assertThat(db.queryValue("SELECT count(*) FROM public.empty")).isEqualTo(0L);
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.public_raw__stream_empty"))
                .isEqualTo(0L);
    }

    @Test
    void aRecordOf64MegabytesLoads(TestDatabase db) {
        ObjectNode catalog = catalog(stream(null, "big", "append", 1, 0));
        int size = 64 << 20;
        ByteArrayOutputStream input = new ByteArrayOutputStream(size + 1000);
        byte[] head =
                "{\"type\":\"RECORD\",\"record\":{\"stream\":\"big\",\"emitted_at\":1,\"data\":{\"id\":1,\"name\":\""
                        .getBytes(StandardCharsets.UTF_8);
        input.writeBytes(head);
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        chunk[100] = '\\';
        chunk[101] = 't';
        for (int i = 0; i < 64; i++) {
            input.writeBytes(chunk);
        }
        input.writeBytes("\"}}}\n".getBytes(StandardCharsets.UTF_8));
        input.writeBytes((record(null, "big", "{\"id\":2}", 1) + "\n").getBytes(StandardCharsets.UTF_8));

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, input.toByteArray());

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        long expectedChars = (long) size - 64; // each "\t" escape is one character
        assertThat(db.queryValue("SELECT length(_airbyte_data->>'name') FROM airbyte_internal.public_raw__stream_big"
                        + " WHERE _airbyte_data->>'id' = '1'"))
                .isEqualTo((int) expectedChars);
        assertThat(db.queryValue("SELECT length(name) FROM public.big WHERE id = 1"))
                .isEqualTo((int) expectedChars);
        assertThat(db.queryValue("SELECT count(*) FROM public.big")).isEqualTo(2L);
    }

    @Test
    void a64MegabyteRecordLoadsInASmallHeap(TestDatabase db) throws Exception {
        ObjectNode catalog = catalog(stream(null, "big", "append", 1, 0));
        java.nio.file.Path input = java.nio.file.Files.createTempFile("big-record", ".jsonl");
        try {
            try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(input))) {
                out.write(
                        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"big\",\"emitted_at\":1,\"data\":{\"id\":1,\"name\":\""
                                .getBytes(StandardCharsets.UTF_8));
                byte[] chunk = new byte[1 << 20];
                Arrays.fill(chunk, (byte) 'y');
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
                out.write("\"}}}\n".getBytes(StandardCharsets.UTF_8));
            }
            Process process = new ProcessBuilder(ConnectorProcess.write(List.of("-Xmx320m"), db.config(), catalog))
                    .redirectInput(input.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES))
                    .isTrue();
            assertThat(process.exitValue()).as("exit code with a 320 MB heap").isZero();
        } finally {
            java.nio.file.Files.deleteIfExists(input);
        }
        assertThat(db.queryValue("SELECT length(name) FROM public.big")).isEqualTo(64 << 20);
    }
}
