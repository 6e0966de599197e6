package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.Conformance.assertRows;
import static io.heropixel.destination.postgres.sync.Conformance.dump;
import static io.heropixel.destination.postgres.sync.Conformance.jsonl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tables left by Airbyte destination-postgres 2.x, and two connector processes writing at the same time. */
@ExtendWith(TestingPostgres.class)
class ExistingTablesTest {

    @Test
    void tablesOfTheTwoXLayoutAreAdoptedAndSyncedIncrementally(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode stream = WriteHarness.stream("legacy", "users", "append_dedup", 5, 0);
        stream.putArray("primary_key").addArray().add("id");
        StreamPlan plan = RefreshTest.plan(config, stream);
        String raw = plan.rawTable().quoted();
        String fin = plan.finalTable().quoted();
        // the raw DDL of Airbyte destination-postgres before _airbyte_meta / _airbyte_generation_id, and its
        // final DDL before _airbyte_generation_id, with 2.x's unnamed dedup index
        db.execute(
                "CREATE SCHEMA airbyte_internal",
                "CREATE SCHEMA legacy",
                "CREATE TABLE IF NOT EXISTS " + raw + " (_airbyte_raw_id VARCHAR PRIMARY KEY, _airbyte_data JSONB,"
                        + " _airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,"
                        + " _airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL)",
                "CREATE INDEX IF NOT EXISTS legacy_raw__stream_users_raw_id ON " + raw + "(_airbyte_raw_id)",
                "CREATE INDEX IF NOT EXISTS legacy_raw__stream_users_extracted_at ON " + raw
                        + "(_airbyte_extracted_at)",
                "CREATE INDEX IF NOT EXISTS legacy_raw__stream_users_loaded_at ON " + raw
                        + "(_airbyte_loaded_at, _airbyte_extracted_at)",
                "create table " + fin + " (\"id\" bigint, \"name\" varchar, \"_airbyte_raw_id\" varchar(36) not null,"
                        + " \"_airbyte_extracted_at\" timestamp with time zone not null,"
                        + " \"_airbyte_meta\" jsonb not null)",
                "create index on " + fin + "(\"id\", \"_airbyte_extracted_at\")",
                "create index on " + fin + "(\"_airbyte_extracted_at\")",
                "create index on " + fin + "(\"_airbyte_raw_id\")",
                "INSERT INTO " + raw + " VALUES ('r1', '{\"id\":1,\"name\":\"Ann\"}', '2020-01-01Z', '2020-01-02Z'),"
                        + " ('r2', '{\"id\":2,\"name\":\"Bob\"}', '2020-01-01Z', '2020-01-02Z'),"
                        + " ('r3', '{\"id\":3,\"name\":\"Cid\"}', '2020-01-03Z', NULL)",
                "INSERT INTO " + fin + " VALUES (1, 'Ann', 'r1', '2020-01-01Z', '{\"errors\":[]}'),"
                        + " (2, 'Bob typed by 2.x', 'r2', '2020-01-01Z', '{\"errors\":[]}')");

        ConnectorRun run = ConnectorRun.inProcessWrite(
                config,
                WriteHarness.catalog(stream),
                WriteHarness.record("legacy", "users", "{\"id\":1,\"name\":\"Anna\"}", 1_700_000_000_000L) + "\n"
                        + WriteHarness.status("legacy", "users", "COMPLETE") + "\n");
        assertThat(run.exitCode()).as(run.stdout()).isZero();

        assertThat(db.query("SELECT id, name, _airbyte_raw_id AS r, _airbyte_generation_id AS g FROM " + fin
                        + " ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("name") + " " + r.get("g"))
                .containsExactly("1 Anna 5", "2 Bob typed by 2.x null", "3 Cid null");
        // the row 2.x typed is not typed again: its meta is still the old shape
        assertThat(db.queryValue("SELECT _airbyte_meta::text FROM " + fin + " WHERE id = 2"))
                .isEqualTo("{\"errors\": []}");
        assertThat(db.query("SELECT count(*) AS n, count(_airbyte_loaded_at) AS loaded,"
                        + " count(_airbyte_generation_id) AS g FROM " + raw))
                .containsExactly(Map.of("n", 4L, "loaded", 4L, "g", 1L));
        assertThat(db.queryValue("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'legacy'"
                        + " AND column_name IN ('_airbyte_meta', '_airbyte_generation_id')"))
                .isEqualTo(2L);
    }

    @Test
    void anOverwriteReplacesTwoXTablesWithoutGenerationColumns(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode stream = WriteHarness.stream("legacy", "users", "overwrite", 0, 0);
        StreamPlan plan = RefreshTest.plan(config, stream);
        db.execute(
                "CREATE SCHEMA airbyte_internal",
                "CREATE SCHEMA legacy",
                "CREATE TABLE " + plan.rawTable().quoted()
                        + " (_airbyte_raw_id VARCHAR PRIMARY KEY, _airbyte_data JSONB,"
                        + " _airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,"
                        + " _airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL)",
                "create table " + plan.finalTable().quoted() + " (\"id\" bigint, \"name\" varchar,"
                        + " \"_airbyte_raw_id\" varchar(36) not null,"
                        + " \"_airbyte_extracted_at\" timestamp with time zone not null, \"_airbyte_meta\" jsonb not null)",
                "INSERT INTO " + plan.rawTable().quoted() + " VALUES ('r1', '{\"id\":1}', now(), now())",
                "INSERT INTO " + plan.finalTable().quoted() + " VALUES (1, 'old', 'r1', now(), '{}')");
        ConnectorRun run = ConnectorRun.inProcessWrite(
                config,
                WriteHarness.catalog(stream),
                WriteHarness.record("legacy", "users", "{\"id\":2,\"name\":\"new\"}", 1000) + "\n");
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(db.query("SELECT id, name FROM " + plan.finalTable().quoted()))
                .containsExactly(Map.of("id", 2L, "name", "new"));
        assertThat(db.queryValue("SELECT count(*) FROM " + plan.rawTable().quoted()))
                .isEqualTo(1L);
    }

    /**
     * identicalNameSimultaneousSync: two connector processes write streams with the same name in two
     * namespaces at once. Scaled down: 2 000 + 2 000 copies of sync1_messages2 instead of 100 000 + 100 000.
     */
    @Test
    void identicalNameSimultaneousSync(TestDatabase db) throws Exception {
        int copies = 2_000;
        ObjectNode config = db.config();
        ObjectNode catalogA = Conformance.json("catalogs/identicalNameSimultaneousSync_sync1.json");
        ObjectNode catalogB = Conformance.json("catalogs/identicalNameSimultaneousSync_sync2.json");
        StreamPlan planA =
                Conformance.plans(config, catalogA).values().iterator().next();
        StreamPlan planB =
                Conformance.plans(config, catalogB).values().iterator().next();
        String[] a = Conformance.streams(catalogA).get(0);
        String[] b = Conformance.streams(catalogB).get(0);
        List<String> bBlock = Conformance.messages("cdk-dat/sync1_messages2.jsonl", b[0], b[1]);

        Writer writerA = Writer.start(config, catalogA);
        Writer writerB = Writer.start(config, catalogB);
        for (int i = 0; i < copies; i++) {
            writerB.send(bBlock);
        }
        writerA.send(Conformance.messages("cdk-dat/sync1_messages.jsonl", a[0], a[1]));
        writerA.send(List.of(Conformance.statusLine(a[0], a[1], "COMPLETE")));
        assertThat(writerA.finish()).isZero();
        for (int i = 0; i < copies; i++) {
            writerB.send(bBlock);
        }
        writerB.send(List.of(Conformance.statusLine(b[0], b[1], "COMPLETE")));
        assertThat(writerB.finish()).isZero();

        assertThat(dump(db, planA.rawTable())).hasSize(5);
        assertThat(db.queryValue("SELECT count(*) FROM " + planB.rawTable().quoted()))
                .isEqualTo(2L * copies);
        assertRows(
                "final A", jsonl("postgres-dat/sync1_expectedrecords_dedup_final.jsonl"), dump(db, planA.finalTable()));
        assertRows(
                "final B",
                jsonl("postgres-dat/sync1_expectedrecords_dedup_final2.jsonl"),
                dump(db, planB.finalTable()));
    }

    /** Two processes writing the same dedup stream: the second waits for the first one's lock. */
    @Test
    void aSecondProcessWritingTheSameStreamWaitsForTheFirst(TestDatabase db) throws Exception {
        ObjectNode config = db.config();
        ObjectNode stream = WriteHarness.stream("same", "users", "append_dedup", 1, 0);
        stream.putArray("primary_key").addArray().add("id");
        ObjectNode catalog = WriteHarness.catalog(stream);
        String raw = "\"airbyte_internal\".\"same_raw__stream_users\"";

        Writer first = Writer.start(config, catalog);
        first.send(List.of(WriteHarness.record("same", "users", "{\"id\":1,\"name\":\"first\"}", 1000)));
        awaitCount(db, SyncLocks.countQuery(raw, true), 1, first);
        Writer second = Writer.start(config, catalog);
        second.send(List.of(WriteHarness.record("same", "users", "{\"id\":1,\"name\":\"second\"}", 2000)));
        awaitCount(db, SyncLocks.countQuery(raw, false), 1, second);
        assertThat(db.queryValue("SELECT to_regclass('same.users')")).isNotNull();

        first.send(List.of(WriteHarness.status("same", "users", "COMPLETE")));
        first.finish();
        second.send(List.of(WriteHarness.status("same", "users", "COMPLETE")));
        second.finish();
        assertThat(Files.readString(second.stderr())).contains("Another sync is writing");
        assertThat(db.query("SELECT name FROM same.users")).containsExactly(Map.of("name", "second"));
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.same_raw__stream_users"))
                .isEqualTo(2L);
    }

    private static void awaitCount(TestDatabase db, String query, long count, Writer writer)
            throws InterruptedException, IOException {
        for (int i = 0; i < 600 && !Long.valueOf(count).equals(db.queryValue(query)); i++) {
            Thread.sleep(100);
        }
        assertThat(db.queryValue(query))
                .as("%s%nwriter's stderr:%n%s", query, Files.readString(writer.stderr()))
                .isEqualTo(count);
    }

    /** A {@code write} in its own JVM, fed through a pipe. */
    private record Writer(Process process, OutputStream stdin, Path stderr) {
        static Writer start(ObjectNode config, ObjectNode catalog) throws IOException {
            Path err = Files.createTempFile("writer", ".err");
            err.toFile().deleteOnExit();
            Process process = new ProcessBuilder(ConnectorProcess.write(ConnectorProcess.SHORT_RUN, config, catalog))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            return new Writer(process, process.getOutputStream(), err);
        }

        void send(List<String> lines) throws IOException {
            for (String line : lines) {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        int finish() throws Exception {
            stdin.close();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the write did not finish");
            }
            assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
            return process.exitValue();
        }
    }
}
