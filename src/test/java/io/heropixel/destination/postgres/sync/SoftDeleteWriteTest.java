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

/** {@code cdc_deletion_mode} through the real write command (docs/write-path.md, CDC deletions). */
@ExtendWith(TestingPostgres.class)
class SoftDeleteWriteTest {
    private static final String DELETED = ",\"_ab_cdc_deleted_at\":\"2024-05-01T00:00:00Z\"";

    /** An incremental stream with id, name, updated_at (the cursor) and _ab_cdc_deleted_at. */
    private static ObjectNode cdcStream(String name, String mode) {
        ObjectNode s = stream("cdc", name, mode, 0, 0);
        s.put("sync_mode", "incremental");
        ObjectNode properties =
                (ObjectNode) s.path("stream").path("json_schema").path("properties");
        properties.putObject("updated_at").put("type", "integer");
        properties.putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        if (mode.equals("append_dedup")) {
            s.putArray("primary_key").addArray().add("id");
            s.putArray("cursor_field").add("updated_at");
        }
        return s;
    }

    private static ConnectorRun sync(TestDatabase db, String deletionMode, long emittedAt, String... data) {
        ObjectNode config = db.config();
        if (deletionMode != null) {
            config.put("cdc_deletion_mode", deletionMode);
        }
        List<String> lines = new ArrayList<>();
        for (String d : data) {
            lines.add(record("cdc", "users", d, emittedAt));
            lines.add(record("cdc", "events", d, emittedAt));
        }
        lines.add(status("cdc", "users", "COMPLETE"));
        lines.add(status("cdc", "events", "COMPLETE"));
        ConnectorRun run = ConnectorRun.inProcessWrite(
                config,
                catalog(cdcStream("users", "append_dedup"), cdcStream("events", "append")),
                String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    /** "id name updated_at deleted?" of every row of cdc.users. */
    private static List<String> users(TestDatabase db) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> row : db.query("SELECT * FROM cdc.users ORDER BY id")) {
            out.add(row.get("id") + " " + row.get("name") + " " + row.get("updated_at") + " "
                    + (row.get("_ab_cdc_deleted_at") != null ? "deleted" : "live"));
        }
        return out;
    }

    @Test
    void softDeleteKeepsTheDeletionRecordAsTheKeysRow(TestDatabase db) {
        sync(
                db,
                "Soft delete",
                1000,
                "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}",
                "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1}",
                "{\"id\":3,\"name\":\"Cy\",\"updated_at\":1}");
        ConnectorRun run =
                sync(db, "Soft delete", 2000, "{\"id\":1,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        assertThat(users(db)).containsExactly("1 gone 5 deleted", "2 Bob 1 live", "3 Cy 1 live");
        assertThat(run.stdout()).contains("deleted 0,").doesNotContain("deleted 1,");
        // an older version arriving later does not bring the old values back; a newer re-insert replaces
        sync(
                db,
                "Soft delete",
                3000,
                "{\"id\":1,\"name\":\"Ann\",\"updated_at\":3}",
                "{\"id\":2,\"name\":\"gone\",\"updated_at\":4" + DELETED + "}");
        assertThat(users(db)).containsExactly("1 gone 5 deleted", "2 gone 4 deleted", "3 Cy 1 live");
        sync(db, "Soft delete", 4000, "{\"id\":2,\"name\":\"Bob again\",\"updated_at\":9}");
        assertThat(users(db)).containsExactly("1 gone 5 deleted", "2 Bob again 9 live", "3 Cy 1 live");
        // append: deletion records are rows, in both modes
        assertThat(db.queryValue("SELECT count(*) FROM cdc.events")).isEqualTo(7L);
        assertThat(db.queryValue("SELECT count(*) FROM cdc.events WHERE _ab_cdc_deleted_at IS NOT NULL"))
                .isEqualTo(2L);
    }

    @Test
    void hardDeleteIsTheDefaultAndUnchanged(TestDatabase db) {
        sync(
                db,
                null,
                1000,
                "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}",
                "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1}");
        ConnectorRun run =
                sync(db, "Hard delete", 2000, "{\"id\":1,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        assertThat(users(db)).containsExactly("2 Bob 1 live");
        assertThat(run.stdout()).contains("deleted 1,");
        sync(db, null, 3000, "{\"id\":1,\"name\":\"Ann\",\"updated_at\":3}");
        assertThat(users(db)).containsExactly("2 Bob 1 live");
        assertThat(db.queryValue("SELECT count(*) FROM cdc.events")).isEqualTo(4L);
    }

    @Test
    void switchingModesLosesNoRow(TestDatabase db) {
        sync(
                db,
                "Hard delete",
                1000,
                "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}",
                "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1}",
                "{\"id\":3,\"name\":\"Cy\",\"updated_at\":1}");
        sync(db, "Hard delete", 2000, "{\"id\":1,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        assertThat(users(db)).containsExactly("2 Bob 1 live", "3 Cy 1 live");
        sync(db, "Soft delete", 3000, "{\"id\":2,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}");
        assertThat(users(db)).containsExactly("2 gone 5 deleted", "3 Cy 1 live");
        sync(db, "Hard delete", 4000, "{\"id\":4,\"name\":\"Di\",\"updated_at\":1}");
        assertThat(users(db)).containsExactly("2 gone 5 deleted", "3 Cy 1 live", "4 Di 1 live");
        sync(db, "Soft delete", 5000, "{\"id\":3,\"name\":\"Cy\",\"updated_at\":2}");
        assertThat(users(db)).containsExactly("2 gone 5 deleted", "3 Cy 2 live", "4 Di 1 live");
    }

    @Test
    void anUnknownModeIsAConfigError(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("cdc_deletion_mode", "Archive");
        ConnectorRun run = ConnectorRun.inProcessWrite(
                config, catalog(cdcStream("users", "append_dedup")), status("cdc", "users", "COMPLETE") + "\n");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stdout())
                .contains("config_error")
                .contains("cdc_deletion_mode")
                .contains("Soft delete");
    }
}
