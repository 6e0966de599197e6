package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records typed in the JVM while they load (docs/write-path.md, "Typing while loading"): the final tables
 * equal what the typing SQL gives, records the JVM refuses are typed by SQL in the same sync (and newer
 * versions win whichever way they were typed), raw rows are all marked typed, and rows left in a staging
 * table by an interrupted sync are typed again by the next one.
 */
@ExtendWith(TestingPostgres.class)
class TypedWhileLoadingTest {
    private static final String RAW = "airbyte_internal.ns_raw__stream_s";
    private static final String STAGING = "airbyte_internal.ns_raw__stream_s_airbyte_typed";

    private static ObjectNode stream(String mode) {
        ObjectNode stream = WriteHarness.stream("ns", "s", mode, 1, 0);
        ObjectNode properties =
                (ObjectNode) stream.path("stream").path("json_schema").path("properties");
        ObjectNode updated = properties.putObject("updated_at");
        updated.put("type", "string").put("format", "date-time");
        properties.putObject("amount").put("type", "number");
        properties.putObject("tags").put("type", "array");
        stream.put("sync_mode", "incremental");
        if (mode.equals("append_dedup")) {
            stream.putArray("primary_key").addArray().add("id");
            stream.putArray("cursor_field").add("updated_at");
        }
        return stream;
    }

    private static ConnectorRun write(TestDatabase db, String mode, List<String> lines) {
        ConnectorRun run = ConnectorRun.inProcessWrite(
                db.config(), WriteHarness.catalog(stream(mode)), String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    private static String row(int id, String name, String updatedAt, String amount) {
        return record(
                "ns",
                "s",
                "{\"id\":" + id + ",\"name\":\"" + name + "\",\"updated_at\":\"" + updatedAt + "\",\"amount\":" + amount
                        + ",\"tags\":[\"a\",{\"b\":1}]}",
                1_700_000_000_000L + id);
    }

    /** The end-of-sync summary line of stream ns.s (a LOG message). */
    private static String summary(ConnectorRun run) {
        return run.ofType("LOG").stream()
                .map(m -> m.path("log").path("message").asText())
                .filter(m -> m.startsWith("Stream ns.s: received"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary in " + run.stdout()));
    }

    @Test
    void appendTypesWhileLoadingAndMarksEveryRawRowTyped(TestDatabase db) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            lines.add(row(i, "n" + i, "2024-01-01T00:00:00Z", i + ".50"));
        }
        // refused by the JVM (7 fraction digits: Postgres rounds them): typed by SQL in the same sync
        lines.add(row(501, "late", "2024-01-02T10:00:00.0000001Z", "1"));
        lines.add(row(502, "bad amount", "2024-01-01T00:00:00Z", "\"lots\""));

        ConnectorRun run = write(db, "append", lines);

        assertThat(summary(run)).contains("committed to raw 502 (").contains("typed 502 (500 while loading,");
        assertThat(db.queryValue("SELECT count(*) FROM ns.s")).isEqualTo(502L);
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW + " WHERE _airbyte_loaded_at IS NULL"))
                .isEqualTo(0L);
        Map<String, Object> typed = db.query("SELECT id, name, updated_at::text AS updated_at, amount::text AS amount,"
                        + " tags::text AS tags, _airbyte_meta::text AS meta FROM ns.s WHERE id = 7")
                .get(0);
        assertThat(typed)
                .containsEntry("name", "n7")
                .containsEntry("updated_at", "2024-01-01 00:00:00+00")
                .containsEntry("amount", "7.50")
                .containsEntry("tags", "[\"a\", {\"b\": 1}]")
                .containsEntry("meta", "{\"changes\": [], \"sync_id\": 7}");
        assertThat(db.queryValue("SELECT updated_at::text FROM ns.s WHERE id = 501"))
                .isEqualTo("2024-01-02 10:00:00+00");
        assertThat(db.queryValue("SELECT _airbyte_meta::text FROM ns.s WHERE id = 502"))
                .isEqualTo("{\"changes\": [{\"field\": \"amount\", \"change\": \"NULLED\", \"reason\":"
                        + " \"DESTINATION_TYPECAST_ERROR\"}], \"sync_id\": 7}");
        assertThat(db.queryValue("SELECT to_regclass('" + STAGING + "') IS NULL"))
                .isEqualTo(true);
    }

    @Test
    void dedupKeepsTheNewestVersionWhicheverWayItWasTyped(TestDatabase db) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            lines.add(row(i, "v1", "2024-01-01T00:00:00Z", "1"));
        }
        // key 1: the newest version is refused by the JVM; key 2: the newest is typed in the JVM
        lines.add(row(1, "v2-sql", "2024-01-03T00:00:00.0000001Z", "2"));
        lines.add(row(2, "v2-jvm", "2024-01-03T00:00:00Z", "2"));
        lines.add(row(2, "v0-older", "2023-01-01T00:00:00Z", "0"));

        ConnectorRun first = write(db, "append_dedup", lines);

        assertThat(summary(first)).contains("typed 303 (302 while loading, deduplicated away 3)");
        assertThat(db.queryValue("SELECT count(*) FROM ns.s")).isEqualTo(300L);
        assertThat(db.queryValue("SELECT name FROM ns.s WHERE id = 1")).isEqualTo("v2-sql");
        assertThat(db.queryValue("SELECT name FROM ns.s WHERE id = 2")).isEqualTo("v2-jvm");
        // the staging table is only needed while a sync loads: dropped once empty
        assertThat(db.queryValue("SELECT to_regclass('" + STAGING + "') IS NULL"))
                .isEqualTo(true);

        // a second sync merges into the non-empty final table
        ConnectorRun second = write(
                db,
                "append_dedup",
                List.of(
                        row(3, "v3", "2024-02-01T00:00:00Z", "3"),
                        row(4, "v3-older", "2020-01-01T00:00:00Z", "3"),
                        row(1000, "new", "2024-02-01T00:00:00Z", "3")));
        assertThat(summary(second)).contains("typed 3 (3 while loading, deduplicated away 1)");
        assertThat(db.queryValue("SELECT count(*) FROM ns.s")).isEqualTo(301L);
        assertThat(db.queryValue("SELECT name FROM ns.s WHERE id = 3")).isEqualTo("v3");
        assertThat(db.queryValue("SELECT name FROM ns.s WHERE id = 4")).isEqualTo("v1");
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW + " WHERE _airbyte_loaded_at IS NULL"))
                .isEqualTo(0L);
    }

    @Test
    void theFirstDedupTypingTurnsTheStagingTableIntoTheEmptyFinalTable(TestDatabase db) {
        write(db, "append_dedup", List.of()); // creates the (empty) tables
        Object emptyTable = db.queryValue("SELECT 'ns.s'::regclass::oid");

        ConnectorRun run = write(
                db,
                "append_dedup",
                List.of(
                        row(1, "old", "2024-01-01T00:00:00Z", "true"), // a value nulled in a version deleted
                        row(1, "new", "2024-01-02T00:00:00Z", "1"),
                        row(2, "two", "2024-01-01T00:00:00Z", "false"))); // nulled in a version kept

        assertThat(summary(run))
                .contains("typed 3 (3 while loading, deduplicated away 1)")
                .contains("nulled values 1;");
        assertThat(db.queryValue("SELECT 'ns.s'::regclass::oid")).isNotEqualTo(emptyTable);
        assertThat(db.query("SELECT id, name FROM ns.s ORDER BY id"))
                .extracting(r -> r.get("id") + "=" + r.get("name"))
                .containsExactly("1=new", "2=two");
        assertThat(db.queryValue("SELECT reloptions IS NULL FROM pg_class WHERE oid = 'ns.s'::regclass"))
                .isEqualTo(true);
        assertThat(db.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'ns' AND tablename = 's'"))
                .extracting(r -> r.get("indexname"))
                .containsExactlyInAnyOrder("s_extracted_at", "s_pk");
        // the new staging table the swap created is dropped at the end of the sync (it is empty)
        assertThat(db.queryValue("SELECT to_regclass('" + STAGING + "') IS NULL"))
                .isEqualTo(true);
    }

    @Test
    void aViewOnTheEmptyFinalTableKeepsItAndTheRowsAreCopiedInstead(TestDatabase db) {
        write(db, "append_dedup", List.of());
        Object emptyTable = db.queryValue("SELECT 'ns.s'::regclass::oid");
        db.execute("CREATE VIEW ns.v AS SELECT id, name FROM ns.s");

        write(
                db,
                "append_dedup",
                List.of(row(1, "old", "2024-01-01T00:00:00Z", "1"), row(1, "new", "2024-01-02T00:00:00Z", "1")));

        assertThat(db.queryValue("SELECT 'ns.s'::regclass::oid")).isEqualTo(emptyTable);
        assertThat(db.query("SELECT id, name FROM ns.v"))
                .extracting(r -> r.get("name"))
                .containsExactly("new");
    }

    @Test
    void anIndexAUserAddedToTheEmptyFinalTableIsKept(TestDatabase db) {
        write(db, "append_dedup", List.of());
        Object emptyTable = db.queryValue("SELECT 'ns.s'::regclass::oid");
        db.execute("CREATE UNIQUE INDEX s_user_name ON ns.s (name)");

        write(
                db,
                "append_dedup",
                List.of(row(1, "old", "2024-01-01T00:00:00Z", "1"), row(1, "new", "2024-01-02T00:00:00Z", "1")));

        assertThat(db.queryValue("SELECT 'ns.s'::regclass::oid")).isEqualTo(emptyTable);
        assertThat(db.queryValue("SELECT to_regclass('ns.s_user_name') IS NOT NULL"))
                .isEqualTo(true);
        assertThat(db.query("SELECT name FROM ns.s"))
                .extracting(r -> r.get("name"))
                .containsExactly("new");
    }

    @Test
    void rowsLeftInTheStagingTableByAnInterruptedSyncAreTypedAgain(TestDatabase db) {
        write(db, "append_dedup", List.of(row(1, "first", "2024-01-01T00:00:00Z", "1")));
        // What a sync killed after committing a batch leaves: raw rows marked typed, their typed rows staged.
        assertThat(db.queryValue("SELECT to_regclass('" + STAGING + "') IS NULL"))
                .isEqualTo(true);
        db.execute(
                "CREATE TABLE " + STAGING + " (LIKE ns.s) WITH (autovacuum_enabled = false)",
                "INSERT INTO " + RAW + " (_airbyte_raw_id, _airbyte_data, _airbyte_extracted_at, _airbyte_loaded_at,"
                        + " _airbyte_meta, _airbyte_generation_id) VALUES ('11111111-1111-4111-8111-111111111111',"
                        + " '{\"id\": 2, \"name\": \"staged\", \"updated_at\": \"2024-01-05T00:00:00Z\"}', now(), now(),"
                        + " '{\"changes\": [], \"sync_id\": 6}', 1)",
                "INSERT INTO " + STAGING + " (id, name, _airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta,"
                        + " _airbyte_generation_id) VALUES (2, 'staged', '11111111-1111-4111-8111-111111111111', now(),"
                        + " '{\"changes\": [], \"sync_id\": 6}', 1)");

        ConnectorRun run = write(db, "append_dedup", List.of(row(3, "third", "2024-01-01T00:00:00Z", "1")));

        // the staged row's raw row is typed again by SQL; the staged row is not counted twice
        assertThat(summary(run)).contains("typed 2 (1 while loading, deduplicated away 0)");
        assertThat(db.query("SELECT id, name FROM ns.s ORDER BY id"))
                .extracting(r -> r.get("id") + "=" + r.get("name"))
                .containsExactly("1=first", "2=staged", "3=third");
        assertThat(db.queryValue("SELECT to_regclass('" + STAGING + "') IS NULL"))
                .isEqualTo(true);
    }

    @Test
    void aRawTableWithOtherColumnTypesLoadsInTextFormat(TestDatabase db) {
        db.execute(
                "CREATE SCHEMA airbyte_internal",
                "CREATE TABLE " + RAW + " (_airbyte_raw_id text NOT NULL, _airbyte_data jsonb,"
                        + " _airbyte_extracted_at timestamptz, _airbyte_loaded_at timestamptz, _airbyte_meta jsonb,"
                        + " _airbyte_generation_id integer)");

        ConnectorRun run = write(db, "append", List.of(row(1, "one", "2024-01-01T00:00:00Z", "1")));

        assertThat(summary(run)).contains("typed 1 (0 while loading,");
        assertThat(db.queryValue("SELECT name FROM ns.s WHERE id = 1")).isEqualTo("one");
    }
}
