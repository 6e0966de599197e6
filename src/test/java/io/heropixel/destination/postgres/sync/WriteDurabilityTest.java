package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.globalState;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static io.heropixel.destination.postgres.sync.WriteHarness.streamState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives a write through a pipe, so the test decides when each line arrives, and checks at the moment
 * each STATE is echoed (on the echoing thread) what is committed in the raw tables.
 */
@ExtendWith(TestingPostgres.class)
class WriteDurabilityTest {
    private static final String RAW_A = "airbyte_internal.ns_raw__stream_a";
    private static final String RAW_B = "airbyte_internal.ns_raw__stream_b";

    /** An echoed state and the committed raw row counts of streams a and b when it was echoed. */
    record Echo(int id, double recordCount, long committedA, long committedB) {}

    /** Collects stdout; for each STATE line, counts the committed raw rows right away. */
    static final class EchoCollector extends OutputStream {
        final BlockingQueue<Echo> echoes = new LinkedBlockingQueue<>();
        final StringBuilder other = new StringBuilder();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final TestDatabase db;

        EchoCollector(TestDatabase db) {
            this.db = db;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            JsonNode message = WriteHarness.parse(line.toString(StandardCharsets.UTF_8));
            line.reset();
            if (!"STATE".equals(message.path("type").asText())) {
                other.append(message).append('\n');
                return;
            }
            echoes.add(new Echo(
                    message.path("state").path("id").asInt(),
                    message.path("state")
                            .path("destinationStats")
                            .path("recordCount")
                            .asDouble(),
                    count(RAW_A),
                    count(RAW_B)));
        }

        /** Committed rows, or -1 when the table is locked (the test holds a lock on it). */
        private long count(String table) {
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = '200ms'");
                try (var rs = statement.executeQuery(
                        "SELECT CASE WHEN to_regclass('" + table + "') IS NULL THEN 0 ELSE 1 END")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return 0;
                    }
                }
                try (var rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (java.sql.SQLException e) {
                return -1;
            }
        }

        Echo next() throws InterruptedException {
            Echo echo = echoes.poll(60, TimeUnit.SECONDS);
            assertThat(echo).as("an echoed state").isNotNull();
            return echo;
        }
    }

    private static void send(PipedOutputStream pipe, String... lines) throws IOException {
        for (String line : lines) {
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        pipe.flush();
    }

    private static ObjectNode twoStreams() {
        return catalog(stream("ns", "a", "append", 1, 0), stream("ns", "b", "append", 1, 0));
    }

    private static void awaitTable(TestDatabase db, String table, CompletableFuture<?> run) throws Exception {
        while (db.queryValue("SELECT to_regclass('" + table + "')") == null) {
            if (run.isDone()) {
                run.get();
                throw new AssertionError("the write ended before creating " + table);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void streamStateWaitsOnlyForItsStreamAndGlobalStateForAll(TestDatabase db) throws Exception {
        EchoCollector collector = new EchoCollector(db);
        PipedOutputStream pipe = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(pipe, 1 << 20);
        WriteOperation operation = WriteHarness.operation(
                        db, db.config(), twoStreams(), LoadSettings.defaults(2), collector)
                .progressInterval(java.time.Duration.ofMillis(100));
        try (Connection blocker = db.connect()) {
            CompletableFuture<WriteResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return operation.run(stdin);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitTable(db, RAW_B, result);
            send(
                    pipe,
                    record("ns", "a", "{\"id\":1}", 1000),
                    record("ns", "a", "{\"id\":2}", 1000),
                    streamState("ns", "a", 1, "c1"));
            assertThat(collector.next()).isEqualTo(new Echo(1, 2.0, 2, 0));

            // Block stream b's COPY: its records cannot commit until the lock is released.
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE " + RAW_B + " IN ACCESS EXCLUSIVE MODE");
            }
            send(
                    pipe,
                    record("ns", "b", "{\"id\":3}", 1000),
                    record("ns", "a", "{\"id\":4}", 1000),
                    streamState("ns", "a", 2, "c2"),
                    globalState(3),
                    record("ns", "a", "{\"id\":5}", 1000),
                    streamState("ns", "a", 4, "c4"));
            Echo second = collector.next();
            assertThat(second.id()).isEqualTo(2);
            assertThat(second.committedA()).isGreaterThanOrEqualTo(3);

            blocker.rollback();
            Echo global = collector.next();
            assertThat(global.id()).isEqualTo(3);
            assertThat(global.recordCount()).isEqualTo(4.0);
            assertThat(global.committedA()).isGreaterThanOrEqualTo(3);
            assertThat(global.committedB()).isEqualTo(1);
            Echo last = collector.next();
            assertThat(last).isEqualTo(new Echo(4, 1.0, 4, 1));
            pipe.close();
            WriteResult written = result.get(120, TimeUnit.SECONDS);
            assertThat(written.statesEchoed()).isEqualTo(4);
        }
    }

    @Test
    void failedCopyStopsStateEchoesAndFailsTheWrite(TestDatabase db) throws Exception {
        EchoCollector collector = new EchoCollector(db);
        PipedOutputStream pipe = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(pipe, 1 << 20);
        ObjectNode catalog = twoStreams();
        CompletableFuture<ConnectorRun> run;
        {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            {
                run = CompletableFuture.supplyAsync(() -> {
                    int exit = Main.execute(ConnectorRun.writeArgs(db.config(), catalog), stdin, collector, err);
                    return new ConnectorRun(exit, List.of(), collector.other.toString(), err.toString());
                });
                awaitTable(db, RAW_B, run);
                send(pipe, record("ns", "a", "{\"id\":1}", 1000), streamState("ns", "a", 1, "c1"));
                assertThat(collector.next().id()).isEqualTo(1);
                db.execute("DROP TABLE " + RAW_A);
                send(
                        pipe,
                        record("ns", "b", "{\"id\":2}", 1000),
                        record("ns", "a", "{\"id\":3}", 1000),
                        streamState("ns", "a", 2, "c2"),
                        globalState(3),
                        streamState("ns", "b", 4, "c4"));
                pipe.close();
                ConnectorRun finished = run.get(120, TimeUnit.SECONDS);
                assertThat(finished.exitCode()).isNotZero();
                assertThat(collector.echoes).isEmpty();
                assertThat(finished.stdout()).contains("\"type\":\"TRACE\"");
                assertThat(finished.stdout()).contains("loading stream 'ns.a' into");
            }
        }
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW_B)).isIn(0L, 1L);
    }

    @Test
    void aCopyFailureWhileTheReaderWaitsIsReportedAndLaterStatesAreNotEchoed(TestDatabase db) throws Exception {
        db.execute(
                "CREATE SCHEMA airbyte_internal",
                io.heropixel.destination.postgres.table.RawTableSql.create(
                        io.heropixel.destination.postgres.sql.QualifiedName.of("airbyte_internal", "ns_raw__stream_a")),
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF NEW._airbyte_data->>'id' = '500' THEN RAISE EXCEPTION 'refused record 500'; END IF;"
                        + " RETURN NEW; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON " + RAW_A + " FOR EACH ROW EXECUTE PROCEDURE refuse()");
        StringBuilder input = new StringBuilder();
        for (int id = 0; id < 5000; id++) {
            input.append(record("ns", "a", "{\"id\":" + id + "}", 1000)).append('\n');
            if (id % 100 == 99) {
                input.append(streamState("ns", "a", id + 1, "c")).append('\n');
            }
        }
        LoadSettings tiny = new LoadSettings(
                2,
                1 << 20,
                1,
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMinutes(5));
        EchoCollector collector = new EchoCollector(db);
        WriteOperation operation = WriteHarness.operation(db, db.config(), twoStreams(), tiny, collector);
        Throwable failure = null;
        try {
            operation.run(new java.io.ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure)
                .isNotNull()
                .hasMessageContaining("loading stream 'ns.a'")
                .hasMessageContaining("refused record 500");
        for (Echo echo : collector.echoes) {
            assertThat(echo.id()).as("states after record 500 are never echoed").isLessThanOrEqualTo(500);
        }
        assertThat(db.queryValue("SELECT count(*) FROM " + RAW_A + " WHERE (_airbyte_data->>'id')::int >= 500"))
                .isEqualTo(0L);
    }
}
