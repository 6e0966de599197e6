package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Through the real {@code write} command: each STATE goes back byte for byte, only destinationStats added. */
@ExtendWith(TestingPostgres.class)
class StateEchoTest {
    private static final String STATS = "\"destinationStats\":{\"recordCount\":";

    @Test
    void everyStateIsEchoedByteForByteWithOnlyDestinationStatsAdded(TestDatabase db) throws Exception {
        ObjectNode catalog = catalog(stream("ns", "a", "append", 1, 0), stream(null, "b", "append", 1, 0));
        String surrogates = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                + "{\"namespace\":\"ns\",\"name\":\"a\"},\"stream_state\":{\"c\":\"\\ud800 \\uDE00x \\u00e9 é \\/\","
                + "\"nested\":{\"k\\u0041\":[\"\\ud83d\\ude00\"]}}},\"id\":1}}";
        String numbers = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                + "{\"name\":\"b\"},\"stream_state\":{\"a\":1.0,\"b\":2.50,\"c\":-0.0,\"d\":1E400,"
                + "\"e\":123456789012345678901234567890123456789,\"f\":1e-7}},\"id\":2}}";
        String unknownFields = "{\"type\":\"STATE\",\"platform_field\":{\"x\":[1.0]},\"state\":{\"type\":\"GLOBAL\","
                + "\"global\":{\"shared_state\":{\"lsn\":10.00},\"stream_states\":[]},\"id\":3,"
                + "\"sourceStats\":{\"recordCount\":3.0},\"other\":null},\"trailing\":\"\\u0000\"}";
        String pretty = "{ \"type\" : \"STATE\" , \"state\" : { \"type\" : \"STREAM\" , \"stream\" : {"
                + " \"stream_descriptor\" : { \"namespace\" : \"ns\" , \"name\" : \"a\" } ,"
                + " \"stream_state\" : { \"c\" : 2.0 } } , \"id\" : 4\t} }";
        String withStats = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"destinationStats\":"
                + "{\"recordCount\":42.0},\"stream\":{\"stream_descriptor\":{\"name\":\"b\"},\"stream_state\":{}},"
                + "\"id\":5}}";
        String crlf = "{\"type\":\"STATE\",\"state\":{\"data\":{\"legacy\":true},\"id\":6}}";
        String input = String.join(
                "\n",
                record("ns", "a", "{\"id\":1}", 1000),
                record("ns", "a", "{\"id\":2}", 1000),
                surrogates,
                record(null, "b", "{\"id\":3}", 1000),
                numbers,
                unknownFields,
                record("ns", "a", "{\"id\":4}", 1000),
                pretty,
                withStats,
                record(null, "b", "{\"id\":5}", 1000),
                crlf + "\r",
                "");

        Output run = run(db, catalog, input);

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(run.states)
                .containsExactly(
                        surrogates.replace(",\"id\":1}", ",\"id\":1," + STATS + "2.0}}"),
                        numbers.replace(",\"id\":2}", ",\"id\":2," + STATS + "1.0}}"),
                        unknownFields.replace(",\"other\":null}", ",\"other\":null," + STATS + "3.0}}"),
                        pretty.replace("\"id\" : 4\t}", "\"id\" : 4," + STATS + "1.0}\t}"),
                        withStats.replace("{\"recordCount\":42.0}", "{\"recordCount\":0.0}"),
                        crlf.replace(",\"id\":6}", ",\"id\":6," + STATS + "2.0}}"));
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_a"))
                .isEqualTo(3L);
    }

    @Test
    void aLargeStateIsEchoedWhole(TestDatabase db) throws Exception {
        ObjectNode catalog = catalog(stream(null, "s", "append", 1, 0));
        String big = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                + "{\"name\":\"s\"},\"stream_state\":{\"blob\":\"" + "x\\u00e9".repeat(400_000) + "\"}}}}";

        Output run = run(db, catalog, record(null, "s", "{\"id\":1}", 1000) + "\n" + big + "\n");

        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(run.states).containsExactly(big.replace("\"}}}}", "\"}}," + STATS + "1.0}}}"));
    }

    private record Output(int exitCode, List<String> states, String stderr) {}

    /** Runs {@code write} in this JVM and keeps stdout as bytes: the STATE lines, decoded only for AssertJ. */
    private static Output run(TestDatabase db, ObjectNode catalog, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = ConnectorRun.execute(
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                out,
                err,
                ConnectorRun.writeArgs(db.config(), catalog));
        List<String> states = new ArrayList<>();
        byte[] bytes = out.toByteArray();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                byte[] line = Arrays.copyOfRange(bytes, start, i);
                String text = new String(line, StandardCharsets.UTF_8);
                // the decoding must not hide a difference: the text encodes back to the same bytes
                assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(line);
                if (!text.startsWith("{\"type\":\"LOG\"")) {
                    states.add(text);
                }
                start = i + 1;
            }
        }
        return new Output(exitCode, states, err.toString(StandardCharsets.UTF_8));
    }
}
