package io.heropixel.destination.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schema changes between syncs, end to end through {@code write} (docs/type-mapping.md, docs/refreshes.md). */
@ExtendWith(TestingPostgres.class)
class SchemaChangeTest {
    private static final String NS = "evolve";
    private static final String TABLE = "evolve.things";

    /** A stream "things" with the given properties: name, JSON type, name, JSON type, ... */
    private static ObjectNode things(String mode, String... properties) {
        ObjectNode stream = WriteHarness.stream(NS, "things", mode, 1, 0);
        ObjectNode props = stream.with("stream").with("json_schema").putObject("properties");
        for (int i = 0; i < properties.length; i += 2) {
            props.putObject(properties[i]).put("type", properties[i + 1]);
        }
        return stream;
    }

    /** emitted_at of the next record: later records are newer. */
    private long clock = 1_000;

    private void sync(TestDatabase db, ObjectNode stream, String... rows) {
        List<String> lines = new ArrayList<>();
        for (String row : rows) {
            clock += 1_000;
            lines.add(WriteHarness.record(NS, "things", row, clock));
        }
        lines.add(WriteHarness.status(NS, "things", "COMPLETE"));
        ConnectorRun run =
                ConnectorRun.inProcessWrite(db.config(), WriteHarness.catalog(stream), String.join("\n", lines));
        assertThat(run.exitCode()).as(run.stdout()).isZero();
    }

    private static Object oid(TestDatabase db) {
        return db.queryValue("SELECT '" + TABLE + "'::regclass::oid");
    }

    private static String type(TestDatabase db, String column) {
        return (String) db.queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + TABLE + "'::regclass AND attname = '" + column + "'");
    }

    private static List<String> rows(TestDatabase db, String expression) {
        return db.query("SELECT (" + expression + ")::text AS v FROM " + TABLE + " ORDER BY id").stream()
                .map(r -> String.valueOf(r.get("v")))
                .toList();
    }

    @Test
    void addedRemovedAndWidenedColumnsChangeInPlace(TestDatabase db) {
        sync(
                db,
                things("append", "id", "integer", "n", "integer", "gone", "string"),
                "{\"id\":1,\"n\":5,\"gone\":\"x\"}");
        Object oid = oid(db);
        sync(
                db,
                things("append", "id", "integer", "n", "number", "added", "boolean"),
                "{\"id\":2,\"n\":2.5,\"added\":true,\"gone\":\"ignored\"}",
                "{\"id\":3,\"n\":\"not a number\"}");
        assertThat(oid(db)).as("no rebuild").isEqualTo(oid);
        assertThat(type(db, "n")).isEqualTo("numeric");
        assertThat(rows(db, "n")).containsExactly("5", "2.5", "null");
        assertThat(rows(db, "added")).containsExactly("null", "true", "null");
        assertThat(rows(db, "gone")).containsExactly("x", "null", "null");
        assertThat(rows(db, "_airbyte_meta->'changes'"))
                .containsExactly(
                        "[]",
                        "[]",
                        "[{\"field\": \"n\", \"change\": \"NULLED\", \"reason\": \"DESTINATION_TYPECAST_ERROR\"}]");
    }

    @Test
    void aChangeThatCannotWidenKeepsEveryValue(TestDatabase db) {
        sync(
                db,
                things("append", "id", "integer", "flag", "boolean", "code", "string"),
                "{\"id\":1,\"flag\":true,\"code\":\"A1\"}");
        sync(
                db,
                things("append", "id", "integer", "flag", "integer", "code", "integer"),
                "{\"id\":2,\"flag\":7,\"code\":42}");
        assertThat(type(db, "flag")).isEqualTo("character varying");
        assertThat(rows(db, "flag")).containsExactly("true", "7");
        assertThat(type(db, "code")).as("never narrowed").isEqualTo("character varying");
        assertThat(rows(db, "code")).containsExactly("A1", "42");
    }

    @Test
    void aChangedPrimaryKeyDeduplicatesAgainFromTheRawRows(TestDatabase db) {
        ObjectNode byIdAndName = things("append_dedup", "id", "integer", "name", "string");
        com.fasterxml.jackson.databind.node.ArrayNode key = byIdAndName.putArray("primary_key");
        key.addArray().add("id");
        key.addArray().add("name");
        sync(db, byIdAndName, "{\"id\":1,\"name\":\"a\"}", "{\"id\":1,\"name\":\"b\"}", "{\"id\":2,\"name\":\"c\"}");
        assertThat(rows(db, "name")).hasSize(3);

        ObjectNode byId = things("append_dedup", "id", "integer", "name", "string");
        byId.putArray("primary_key").addArray().add("id");
        sync(db, byId, "{\"id\":3,\"name\":\"d\"}");
        assertThat(rows(db, "id || name")).containsExactly("1b", "2c", "3d");
        // and again incrementally with the new key
        sync(db, byId, "{\"id\":1,\"name\":\"e\"}");
        assertThat(rows(db, "id || name")).containsExactly("1e", "2c", "3d");
    }

    @Test
    void switchingFromAppendToDedupDeduplicatesTheRowsAlreadyThere(TestDatabase db) {
        sync(
                db,
                things("append", "id", "integer", "name", "string"),
                "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":1,\"name\":\"b\"}");
        ObjectNode dedup = things("append_dedup", "id", "integer", "name", "string");
        dedup.putArray("primary_key").addArray().add("id");
        sync(db, dedup, "{\"id\":2,\"name\":\"c\"}");
        assertThat(rows(db, "id || name")).containsExactly("1b", "2c");
    }
}
