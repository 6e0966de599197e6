package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static io.heropixel.destination.postgres.sync.WriteHarness.streamState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class WriteTruncateTest {
    private static final String RAW = "airbyte_internal.ns_raw__stream_t";
    private static final String RAW_TMP = "airbyte_internal.ns_raw__stream_t_airbyte_tmp";

    private static ConnectorRun sync(TestDatabase db, long generation, String statusValue, int... ids) {
        ObjectNode catalog = catalog(stream("ns", "t", "append", generation, generation));
        List<String> lines = new ArrayList<>();
        for (int id : ids) {
            lines.add(record("ns", "t", "{\"id\":" + id + "}", 1000));
        }
        lines.add(status("ns", "t", statusValue));
        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, String.join("\n", lines));
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        return run;
    }

    private static List<Object> ids(TestDatabase db, String table) {
        return db.query("SELECT id FROM " + table + " ORDER BY id").stream()
                .map(row -> row.get("id"))
                .toList();
    }

    private static Object exists(TestDatabase db, String table) {
        return db.queryValue("SELECT to_regclass('" + table + "') IS NOT NULL");
    }

    @Test
    void incompleteTruncateKeepsOldDataAndTheNextAttemptResumes(TestDatabase db) {
        sync(db, 1, "COMPLETE", 1, 2);
        assertThat(ids(db, "ns.t")).containsExactly(1L, 2L);

        sync(db, 2, "INCOMPLETE", 3);
        assertThat(ids(db, "ns.t")).as("old generation still visible").containsExactly(1L, 2L);
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW)).isEqualTo(2L);
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW_TMP)).isEqualTo(1L);
        assertThat(ids(db, "ns.t_airbyte_tmp")).containsExactly(3L);

        sync(db, 2, "COMPLETE", 4);
        assertThat(ids(db, "ns.t"))
                .as("resumed attempt keeps the first attempt's rows")
                .containsExactly(3L, 4L);
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW + " WHERE _airbyte_generation_id = 2"))
                .isEqualTo(2L);
        assertThat(exists(db, RAW_TMP)).isEqualTo(false);
        assertThat(exists(db, "ns.t_airbyte_tmp")).isEqualTo(false);

        sync(db, 3, "INCOMPLETE", 5);
        sync(db, 4, "COMPLETE", 6);
        assertThat(ids(db, "ns.t"))
                .as("a temp table of an older generation is recreated")
                .containsExactly(6L);
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW)).isEqualTo(1L);
    }

    @Test
    void truncateWithoutRecordsEmptiesTheTables(TestDatabase db) {
        sync(db, 1, "COMPLETE", 1, 2);
        sync(db, 2, "COMPLETE");
        assertThat(ids(db, "ns.t")).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW)).isEqualTo(0L);
    }

    @Test
    void typesBetweenBatchesDuringLongSyncs(TestDatabase db) throws Exception {
        ObjectNode catalog = catalog(stream("ns", "a", "append", 1, 0));
        WriteDurabilityTest.EchoCollector collector = new WriteDurabilityTest.EchoCollector(db);
        WriteOperation operation = WriteHarness.operation(
                db, db.config(), catalog, LoadSettings.defaults(1).withTypingInterval(Duration.ZERO), collector);
        PipedOutputStream pipe = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(pipe, 1 << 20);
        {
            CompletableFuture<WriteResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return operation.run(stdin);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            pipe.write((record("ns", "a", "{\"id\":1}", 1) + "\n" + streamState("ns", "a", 1, "c") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            pipe.flush();
            assertThat(collector.next().id()).isEqualTo(1);
            pipe.write((record("ns", "a", "{\"id\":2}", 1) + "\n" + streamState("ns", "a", 2, "c") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            pipe.flush();
            assertThat(collector.next().id()).isEqualTo(2);
            // The first batch was typed on the loader thread before the second batch was committed.
            assertThat((Long) db.queryValue("SELECT count(*) FROM ns.a WHERE id = 1"))
                    .isEqualTo(1L);
            pipe.close();
            WriteResult written = result.get(60, TimeUnit.SECONDS);
            assertThat(written.stream(new io.heropixel.destination.postgres.catalog.StreamDescriptor("ns", "a"))
                            .typed())
                    .isEqualTo(2);
        }
        assertThat(db.queryValue("SELECT count(*) FROM ns.a")).isEqualTo(2L);
    }

    @Test
    void concurrentSyncsOfTheSameStreamBothLand(TestDatabase db) throws Exception {
        ObjectNode catalog = catalog(stream("ns", "c", "append_dedup", 1, 0));
        ((ObjectNode) catalog.path("streams").get(0))
                .putArray("primary_key")
                .addArray()
                .add("id");
        {
            List<CompletableFuture<WriteResult>> runs = new ArrayList<>();
            for (int sync = 0; sync < 2; sync++) {
                StringBuilder input = new StringBuilder();
                for (int i = 0; i < 2000; i++) {
                    input.append(record("ns", "c", "{\"id\":" + (sync * 1000 + i) + "}", 1000 + sync))
                            .append('\n');
                }
                WriteOperation operation = WriteHarness.operation(db, db.config(), catalog, LoadSettings.defaults(1));
                byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return operation.run(new ByteArrayInputStream(bytes));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<WriteResult> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        }
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_c"))
                .isEqualTo(4000L);
        assertThat(db.queryValue("SELECT count(*) FROM ns.c")).isEqualTo(3000L);
        assertThat(db.queryValue("SELECT count(DISTINCT id) FROM ns.c")).isEqualTo(3000L);
    }
}
