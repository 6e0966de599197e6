package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.globalState;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static io.heropixel.destination.postgres.sync.WriteHarness.streamState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class WriteStateTest {

    @Test
    void echoesEveryStateInOrderWithRecordCountsAndUnknownFields(TestDatabase db) {
        ObjectNode catalog = catalog(stream("ns", "a", "append", 1, 0), stream("ns", "b", "append", 1, 0));
        String input = String.join(
                "\n",
                record("ns", "a", "{\"id\":1}", 1000),
                record("ns", "a", "{\"id\":2}", 1000),
                record("ns", "b", "{\"id\":3}", 1000),
                streamState("ns", "a", 11, "x"),
                "",
                "   ",
                record("ns", "b", "{\"id\":4}", 1000),
                streamState("ns", "b", 12, "y"),
                streamState("ns", "a", 13, "z"),
                record("ns", "a", "{\"id\":5}", 1000),
                globalState(14),
                "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"hi\"}}",
                "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ESTIMATE\",\"emitted_at\":1}}",
                status("ns", "a", "COMPLETE"),
                status("ns", "b", "COMPLETE"));

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, input);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<JsonNode> states = run.ofType("STATE");
        assertThat(states).extracting(s -> s.path("state").path("id").asInt()).containsExactly(11, 12, 13, 14);
        assertThat(states)
                .extracting(s -> s.path("state")
                        .path("destinationStats")
                        .path("recordCount")
                        .asDouble())
                .containsExactly(2.0, 2.0, 0.0, 5.0);
        assertThat(states.get(0)
                        .path("state")
                        .path("stream")
                        .path("stream_state")
                        .path("cursor")
                        .asText())
                .isEqualTo("x");
        assertThat(states.get(3)
                        .path("state")
                        .path("sourceStats")
                        .path("recordCount")
                        .asDouble())
                .isEqualTo(1.0);
        assertThat(states.get(3)
                        .path("state")
                        .path("global")
                        .path("shared_state")
                        .path("lsn")
                        .asInt())
                .isEqualTo(14);
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_a"))
                .isEqualTo(3L);
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_b"))
                .isEqualTo(2L);
        assertThat(db.queryValue("SELECT count(*) FROM ns.a")).isEqualTo(3L);
        assertThat(db.queryValue(
                        "SELECT count(*) FROM airbyte_internal.ns_raw__stream_a" + " WHERE _airbyte_loaded_at IS NULL"))
                .isEqualTo(0L);
    }

    @Test
    void storesRawColumnsExactly(TestDatabase db) {
        ObjectNode catalog = catalog(stream(null, "s", "append", 5, 0));
        String data = "{\"id\":1,\"name\":\"tab\\t nl\\n cr\\r bs\\\\ quote\\\" \\u00e9\",\"n\":1.50,\"x\":null}";
        String input = record(null, "s", data, 1_700_000_000_123L)
                        .replace(
                                "\"emitted_at\"",
                                "\"meta\":{\"changes\":[{\"field\":\"f\",\"change\":\"NULLED\",\"reason\":\"SOURCE_RETRIEVAL_ERROR\"}]},"
                                        + "\"emitted_at\"")
                + "\n";

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, input);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        var row = db.query(
                        "SELECT _airbyte_data::text AS data, _airbyte_meta::text AS meta,"
                                + " to_char(_airbyte_extracted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS ex,"
                                + " _airbyte_generation_id AS g, length(_airbyte_raw_id) AS idlen FROM airbyte_internal.public_raw__stream_s")
                .get(0);
        assertThat(row.get("data"))
                .isEqualTo(
                        "{\"n\": 1.50, \"x\": null, \"id\": 1, \"name\": \"tab\\t nl\\n cr\\r bs\\\\ quote\\\" é\"}");
        assertThat(WriteHarness.parse((String) row.get("meta")))
                .isEqualTo(WriteHarness.parse("{\"changes\":[{\"field\":\"f\",\"change\":\"NULLED\","
                        + "\"reason\":\"SOURCE_RETRIEVAL_ERROR\"}],\"sync_id\":7}"));
        assertThat(row.get("ex")).isEqualTo("2023-11-14 22:13:20.123");
        assertThat(row.get("g")).isEqualTo(5L);
        assertThat(row.get("idlen")).isEqualTo(36);
    }

    @Test
    void removesNulAndUnpairedSurrogatesAndRecordsChanges(TestDatabase db) {
        ObjectNode catalog = catalog(stream(null, "s", "append", 1, 0));
        String data = "{\"id\":1,\"name\":\"a\\u0000b\",\"arr\":[\"x\\u0000\"],\"k\\u0000ey\":1,"
                + "\"sur\":\"\\ud800z\",\"ok\":\"\\ud83d\\ude00\",\"bs\":\"\\\\u0000\"}";
        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, record(null, "s", data, 1000));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        var row = db.query("SELECT _airbyte_data::text AS data, _airbyte_meta::text AS meta"
                        + " FROM airbyte_internal.public_raw__stream_s")
                .get(0);
        JsonNode stored = WriteHarness.parse((String) row.get("data"));
        assertThat(stored.path("name").asText()).isEqualTo("ab");
        assertThat(stored.path("arr").get(0).asText()).isEqualTo("x");
        assertThat(stored.has("key")).isTrue();
        assertThat(stored.path("sur").asText()).isEqualTo("\uFFFDz");
        assertThat(stored.path("ok").asText()).isEqualTo("\uD83D\uDE00");
        assertThat(stored.path("bs").asText()).isEqualTo("\\u0000");
        JsonNode changes = WriteHarness.parse((String) row.get("meta")).path("changes");
        assertThat(changes).extracting(c -> c.path("field").asText()).containsExactly("name", "arr", "key", "sur");
        assertThat(changes.get(0).path("change").asText()).isEqualTo("TRUNCATED");
        assertThat(changes.get(0).path("reason").asText()).isEqualTo("DESTINATION_SERIALIZATION_ERROR");
        assertThat(db.queryValue("SELECT name FROM public.s")).isEqualTo("ab");
    }

    /** The example of docs/write-path.md (and the README). */
    @Test
    void documentedExample(TestDatabase db) {
        JsonNode catalog = WriteHarness.parse("{\"streams\": [{"
                + "\"stream\": {\"name\": \"users\", \"namespace\": \"crm\", \"supported_sync_modes\": [\"incremental\"],"
                + " \"json_schema\": {\"type\": \"object\", \"properties\": {"
                + " \"id\": {\"type\": \"integer\"}, \"name\": {\"type\": \"string\"},"
                + " \"updated_at\": {\"type\": \"string\", \"format\": \"date-time\"}}}},"
                + " \"sync_mode\": \"incremental\", \"destination_sync_mode\": \"append_dedup\","
                + " \"primary_key\": [[\"id\"]], \"cursor_field\": [\"updated_at\"],"
                + " \"generation_id\": 1, \"minimum_generation_id\": 0, \"sync_id\": 7}]}");
        String input = String.join(
                "\n",
                "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"crm\",\"stream\":\"users\",\"emitted_at\":1714557600000,"
                        + "\"data\":{\"id\":1,\"name\":\"Ann\",\"updated_at\":\"2024-05-01T10:00:00Z\"}}}",
                "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"crm\",\"stream\":\"users\",\"emitted_at\":1714557600000,"
                        + "\"data\":{\"id\":1,\"name\":\"Anna\",\"updated_at\":\"2024-05-01T11:00:00Z\"}}}",
                "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                        + "{\"namespace\":\"crm\",\"name\":\"users\"},\"stream_state\":{\"cursor\":\"2024-05-01T11:00:00Z\"}},\"id\":1}}",
                "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1714557600000,\"stream_status\":"
                        + "{\"stream_descriptor\":{\"namespace\":\"crm\",\"name\":\"users\"},\"status\":\"COMPLETE\"}}}");

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, input);

        assertThat(run.exitCode()).isZero();
        // stdout also carries LOG messages (progress, summary); the STATE echo is the only other line.
        assertThat(run.stdout().lines().filter(line -> !line.startsWith("{\"type\":\"LOG\"")))
                .containsExactly("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                        + "{\"namespace\":\"crm\",\"name\":\"users\"},\"stream_state\":{\"cursor\":\"2024-05-01T11:00:00Z\"}},"
                        + "\"id\":1,\"destinationStats\":{\"recordCount\":2.0}}}");
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.crm_raw__stream_users"))
                .isEqualTo(2L);
        assertThat(db.query("SELECT id, name FROM crm.users"))
                .containsExactly(java.util.Map.of("id", 1L, "name", "Anna"));
    }

    @Test
    void numbersPostgresCannotHoldBecomeNullWithAChange(TestDatabase db) {
        ObjectNode catalog = catalog(stream(null, "s", "append", 1, 0));
        String data = "{\"id\":1,\"big\":1e131072,\"ok\":123e-16383}";

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, record(null, "s", data, 1000));

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        JsonNode meta = WriteHarness.parse(
                (String) db.queryValue("SELECT _airbyte_meta::text FROM airbyte_internal.public_raw__stream_s"));
        assertThat(meta.path("changes").get(0))
                .isEqualTo(WriteHarness.parse("{\"field\":\"big\",\"change\":\"NULLED\","
                        + "\"reason\":\"DESTINATION_SERIALIZATION_ERROR\"}"));
        assertThat(db.queryValue(
                        "SELECT jsonb_typeof(_airbyte_data->'big') FROM airbyte_internal.public_raw__stream_s"))
                .isEqualTo("null");
        assertThat(db.queryValue("SELECT jsonb_typeof(_airbyte_data->'ok') FROM airbyte_internal.public_raw__stream_s"))
                .isEqualTo("number");
        assertThat(db.queryValue("SELECT count(*) FROM public.s")).isEqualTo(1L);
    }
}
