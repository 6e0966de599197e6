package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
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

/** {@code direct_load} through the real write command (docs/write-path.md, Direct load). */
@ExtendWith(TestingPostgres.class)
class DirectLoadWriteTest {
    private static final String RAW_USERS = "airbyte_internal.d_raw__stream_users";
    private static final String SIDE_USERS = "airbyte_internal.d_raw__stream_users_airbyte_direct";
    private static final String DELETED = ",\"_ab_cdc_deleted_at\":\"2024-05-01T00:00:00Z\"";

    /** A stream of namespace d with id, name and updated_at (the cursor of a dedup stream, key id). */
    private static ObjectNode users(String mode, long generation, long minGeneration) {
        ObjectNode s = stream("d", "users", mode, generation, minGeneration);
        s.put("sync_mode", mode.equals("overwrite") ? "full_refresh" : "incremental");
        properties(s).putObject("updated_at").put("type", "integer");
        if (mode.equals("append_dedup")) {
            s.putArray("primary_key").addArray().add("id");
            s.putArray("cursor_field").add("updated_at");
        }
        return s;
    }

    private static ObjectNode properties(ObjectNode s) {
        return (ObjectNode) s.path("stream").path("json_schema").path("properties");
    }

    private static ConnectorRun sync(TestDatabase db, boolean direct, ObjectNode stream, String... lines) {
        return attempt(db, direct, stream, "COMPLETE", lines);
    }

    private static ConnectorRun attempt(
            TestDatabase db, boolean direct, ObjectNode stream, String finalStatus, String... data) {
        ObjectNode config = db.config();
        config.put("direct_load", direct);
        List<String> lines = new ArrayList<>();
        for (String d : data) {
            lines.add(record("d", "users", d, 1000));
        }
        if (finalStatus != null) {
            lines.add(status("d", "users", finalStatus));
        }
        ConnectorRun run = ConnectorRun.inProcessWrite(config, catalog(stream), String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    /** "id name updated_at" of every row of d.users, by id then name. */
    private static List<String> rows(TestDatabase db) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : db.query("SELECT * FROM d.users ORDER BY id, name")) {
            out.add(row.get("id") + " " + row.get("name") + " " + row.get("updated_at"));
        }
        return out;
    }

    private static long count(TestDatabase db, String table) {
        return ((Number) db.queryValue("SELECT count(*) FROM " + table)).longValue();
    }

    private static boolean exists(TestDatabase db, String table) {
        return db.queryValue("SELECT to_regclass('" + table + "')") != null;
    }

    private static String user(int id, String name, int updatedAt) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"updated_at\":" + updatedAt + "}";
    }

    @Test
    void appendWritesOnlyTheFinalTable(TestDatabase db) {
        ObjectNode append = users("append", 0, 0);
        sync(db, true, append, user(1, "Ann", 1), user(2, "Bob", 1));
        sync(db, true, append, user(1, "Ann", 2));
        assertThat(rows(db)).containsExactly("1 Ann 1", "1 Ann 2", "2 Bob 1");
        assertThat(exists(db, RAW_USERS)).isFalse();
        assertThat(count(db, SIDE_USERS)).isZero();
    }

    @Test
    void dedupKeepsTheNewestVersionAndLeavesNoStagingRows(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        sync(db, true, dedup, user(1, "Ann", 1), user(2, "Bob", 1), user(1, "Anna", 3));
        sync(db, true, dedup, user(2, "Bobby", 2), user(1, "old", 2), user(3, "Cy", 1));
        assertThat(rows(db)).containsExactly("1 Anna 3", "2 Bobby 2", "3 Cy 1");
        assertThat(exists(db, RAW_USERS)).isFalse();
        assertThat(count(db, SIDE_USERS)).isZero();
        assertThat(exists(db, SIDE_USERS + "_airbyte_typed")).isFalse();
    }

    @Test
    void cdcHardAndSoftDeletes(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        properties(dedup).putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        sync(db, true, dedup, user(1, "Ann", 1), user(2, "Bob", 1), user(3, "Cy", 1));
        sync(db, true, dedup, "{\"id\":1,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        assertThat(rows(db)).containsExactly("2 Bob 1", "3 Cy 1");
        // the deletion record stays in the side table: an older version arriving later does not come back
        sync(db, true, dedup, user(1, "Ann", 2));
        assertThat(rows(db)).containsExactly("2 Bob 1", "3 Cy 1");
        assertThat(count(db, SIDE_USERS)).isEqualTo(1);
        ObjectNode config = db.config();
        config.put("direct_load", true).put("cdc_deletion_mode", "Soft delete");
        ConnectorRun run = ConnectorRun.inProcessWrite(
                config,
                catalog(dedup),
                record("d", "users", "{\"id\":2,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}", 2000) + "\n"
                        + status("d", "users", "COMPLETE") + "\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(rows(db)).containsExactly("2 gone 5", "3 Cy 1");
        assertThat(count(db, "d.users WHERE _ab_cdc_deleted_at IS NOT NULL")).isEqualTo(1);
        assertThat(count(db, SIDE_USERS + " WHERE _airbyte_loaded_at IS NULL")).isZero();
    }

    @Test
    void overwriteReplacesOnlyOnComplete(TestDatabase db) {
        sync(db, true, users("overwrite", 1, 1), user(1, "Ann", 1), user(2, "Bob", 1));
        // an attempt of generation 2 that does not complete leaves the old rows in place
        attempt(db, true, users("overwrite", 2, 2), "INCOMPLETE", user(3, "Cy", 1));
        assertThat(rows(db)).containsExactly("1 Ann 1", "2 Bob 1");
        // the next attempt of generation 2 continues it, and its COMPLETE swaps both attempts' rows in
        sync(db, true, users("overwrite", 2, 2), user(4, "Di", 1));
        assertThat(rows(db)).containsExactly("3 Cy 1", "4 Di 1");
        assertThat(exists(db, "d.users_airbyte_tmp")).isFalse();
    }

    @Test
    void truncateRefreshOfADedupStream(TestDatabase db) {
        sync(db, true, users("append_dedup", 1, 0), user(1, "Ann", 1), user(2, "Bob", 1));
        attempt(db, true, users("append_dedup", 2, 2), "INCOMPLETE", user(3, "Cy", 1), user(3, "Cyril", 2));
        assertThat(rows(db)).containsExactly("1 Ann 1", "2 Bob 1");
        sync(db, true, users("append_dedup", 2, 2), user(4, "Di", 1));
        assertThat(rows(db)).containsExactly("3 Cyril 2", "4 Di 1");
    }

    @Test
    void recordsTheJvmDoesNotTypeLoadThroughTheSideTable(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        properties(dedup).putObject("n").put("type", "integer");
        String big = "x".repeat((1 << 20) + 10);
        sync(
                db,
                true,
                dedup,
                "{\"id\":1,\"name\":\"" + big + "\",\"updated_at\":1}",
                "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1,\"n\":\"abc\"}",
                "{\"id\":3,\"name\":\"Cy\",\"updated_at\":1,\"n\":\"\\u0034\"}",
                "{\"id\":4,\"name\":\"Di\",\"updated_at\":1,\"n\":1e400}");
        assertThat(db.queryValue("SELECT length(name) FROM d.users WHERE id = 1"))
                .isEqualTo(big.length());
        assertThat(db.query("SELECT id, n FROM d.users WHERE id > 1 ORDER BY id")
                        .toString())
                .isEqualTo("[{id=2, n=null}, {id=3, n=4}, {id=4, n=null}]");
        assertThat(db.queryValue("SELECT _airbyte_meta->'changes'->0->>'change' FROM d.users WHERE id = 2"))
                .isEqualTo("NULLED");
        assertThat(db.queryValue("SELECT _airbyte_meta->'changes'->0->>'field' FROM d.users WHERE id = 4"))
                .isEqualTo("n");
        assertThat(count(db, SIDE_USERS)).isZero();
    }

    @Test
    void schemaChangesInPlace(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        sync(db, true, dedup, user(1, "Ann", 1));
        properties(dedup).putObject("age").put("type", "integer");
        properties(dedup).putObject("updated_at").put("type", "number");
        sync(db, true, dedup, "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1.5,\"age\":40}");
        assertThat(db.query("SELECT id, age, updated_at FROM d.users ORDER BY id")
                        .toString())
                .isEqualTo("[{id=1, age=null, updated_at=1}, {id=2, age=40, updated_at=1.5}]");
    }

    @Test
    void aChangedPrimaryKeyDeduplicatesTheFinalTableAgain(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        sync(db, true, dedup, user(1, "Ann", 1), user(2, "Ann", 2), user(3, "Bob", 1));
        ObjectNode byName = users("append_dedup", 0, 0);
        byName.putArray("primary_key").addArray().add("name");
        sync(db, true, byName, user(4, "Cy", 1));
        assertThat(rows(db)).containsExactly("2 Ann 2", "3 Bob 1", "4 Cy 1");
        sync(db, true, byName, user(5, "Bob", 3));
        assertThat(rows(db)).containsExactly("2 Ann 2", "4 Cy 1", "5 Bob 3");
    }

    @Test
    void appendThenDedupWithHardDeletesDropsTheDeletionRowsAppendKept(TestDatabase db) {
        // model seed 1019: an append phase keeps deletion records as rows; the in-place dedup removes them
        ObjectNode append = users("append", 0, 0);
        properties(append).putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        sync(db, true, append, user(1, "Ann", 1), "{\"id\":2,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        ObjectNode dedup = users("append_dedup", 0, 0);
        properties(dedup).putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        sync(db, true, dedup, user(3, "Cy", 1));
        assertThat(rows(db)).containsExactly("1 Ann 1", "3 Cy 1");
    }

    @Test
    void aKilledSyncsRetryDoesNotReviveADeletedKey(TestDatabase db) {
        // model seed 1065: the deletion was typed before the kill, the retry resends an older version
        ObjectNode dedup = users("append_dedup", 0, 0);
        properties(dedup).putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        sync(db, true, dedup, user(8, "Bob", 1), "{\"id\":8,\"name\":\"gone\",\"updated_at\":28" + DELETED + "}");
        sync(db, true, dedup, user(8, "Bob", 16));
        assertThat(rows(db)).isEmpty();
    }

    @Test
    void switchingModesBothWaysLosesNoRow(TestDatabase db) {
        ObjectNode dedup = users("append_dedup", 0, 0);
        sync(db, false, dedup, user(1, "Ann", 1), user(2, "Bob", 1));
        // a raw row left untyped by an interrupted raw-mode sync is typed when the stream turns direct
        db.execute("INSERT INTO " + RAW_USERS + " (_airbyte_raw_id, _airbyte_data, _airbyte_extracted_at,"
                + " _airbyte_meta, _airbyte_generation_id) VALUES ('left', '{\"id\":9,\"name\":\"Left\","
                + "\"updated_at\":1}', now(), '{\"changes\":[]}', 0)");
        sync(db, true, dedup, user(3, "Cy", 1), user(1, "Anna", 2));
        assertThat(rows(db)).containsExactly("1 Anna 2", "2 Bob 1", "3 Cy 1", "9 Left 1");
        long rawRows = count(db, RAW_USERS);
        sync(db, false, dedup, user(4, "Di", 1));
        assertThat(rows(db)).containsExactly("1 Anna 2", "2 Bob 1", "3 Cy 1", "4 Di 1", "9 Left 1");
        assertThat(count(db, RAW_USERS)).isEqualTo(rawRows + 1);
        // raw mode after direct: a key change deduplicates in place (the raw table lacks rows 1 Anna and 3)
        ObjectNode byName = users("append_dedup", 0, 0);
        byName.putArray("primary_key").addArray().add("name");
        sync(db, false, byName, user(5, "Eve", 1));
        assertThat(rows(db)).containsExactly("1 Anna 2", "2 Bob 1", "3 Cy 1", "4 Di 1", "5 Eve 1", "9 Left 1");
        sync(db, true, dedup, user(2, "Bobby", 3));
        assertThat(rows(db)).contains("2 Bobby 3").hasSize(6);
    }

    @Test
    void directLoadWithDisableTypeDedupeIsAConfigError(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("direct_load", true).put("disable_type_dedupe", true);
        ConnectorRun run = ConnectorRun.inProcessWrite(
                config, catalog(users("append", 0, 0)), status("d", "users", "COMPLETE") + "\n");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stdout())
                .contains("config_error")
                .contains("direct_load")
                .contains("disable_type_dedupe");
    }
}
