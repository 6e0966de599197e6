package io.heropixel.destination.postgres.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.sync.SyncLocks;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPgBouncer;
import io.heropixel.destination.postgres.testing.TestingPgBouncer.Auth;
import io.heropixel.destination.postgres.testing.TestingPgBouncer.PoolMode;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Syncs through a real PgBouncer 1.18 in front of the embedded Postgres, with a plain config (nothing
 * pooler-specific in {@code jdbc_url_params}): append, dedup and overwrite streams with states, a truncate
 * refresh, two concurrent syncs of one dedup stream, all in transaction and in session mode. The tables are
 * checked over a direct connection. Skipped when pgbouncer is not installed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // hang guard only
class PoolerWriteTest {

    @ParameterizedTest(name = "{0} pooling")
    @EnumSource(
            value = PoolMode.class,
            names = {"TRANSACTION", "SESSION"})
    void syncsAndRefreshesThroughThePooler(PoolMode mode) {
        TestDatabase direct = TestingPostgres.newDatabase();
        try (TestingPgBouncer bouncer = bouncer(mode)) {
            ObjectNode config = bouncer.through(direct).config();
            SyncScript first = SyncScript.generate(mode.ordinal() + 31, 600, 25);
            ConnectorRun run = WriteProcess.runToEnd(config, first.catalog(), first.firstAttempt());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stderr())
                    .contains("connection pooler: detected, in " + mode.name().toLowerCase(java.util.Locale.ROOT)
                            + " mode");
            assertThat(run.stderr()).doesNotContain("already exists");
            assertThat((long) run.ofType("STATE").size()).isEqualTo(states(first.firstAttempt()));
            first.verify(direct);

            // a truncate refresh of app2 over the same tables (dedup and append streams continue)
            SyncScript refresh = SyncScript.generateOverwrite(mode.ordinal() + 32, 400, 25, 4, 1_000_000);
            ConnectorRun second = WriteProcess.runToEnd(config, refresh.catalog(), refresh.firstAttempt());
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(direct.queryValue("SELECT count(*) FROM faults.app2 WHERE seq < 1000000"))
                    .isEqualTo(0L);
            assertThat(direct.queryValue("SELECT count(DISTINCT seq) FROM faults.app2"))
                    .isEqualTo((long) refresh.seqsOf("app2").size());

            assertNothingLeftOnTheServer(direct);
        }
    }

    @Test
    void twoConcurrentSyncsOfOneDedupStreamAreSerialised() throws Exception {
        TestDatabase direct = TestingPostgres.newDatabase();
        try (TestingPgBouncer bouncer = bouncer(PoolMode.TRANSACTION)) {
            ObjectNode config = bouncer.through(direct).config();
            ObjectNode catalog = dedupCatalog();
            // the first sync: keys 0..1499 at cursor 1; the second: keys 1000..2499 at cursor 2
            List<String> firstInput = dedupInput(0, 1500, 1, "first");
            List<String> secondInput = dedupInput(1000, 1500, 2, "second");
            String raw = "\"airbyte_internal\".\"pool_raw__stream_dd\"";
            Writer first = Writer.start(config, catalog);
            Writer second = null;
            try {
                // the first holds the stream's lock until its input ends
                first.send(firstInput.subList(0, firstInput.size() - 1));
                awaitValue(direct, SyncLocks.countQuery(raw, true), 1L);
                second = Writer.start(config, catalog);
                // fed from another thread: the waiting second sync reads no more than its pipe holds
                Thread feeder = second.sendInBackground(secondInput);
                awaitValue(direct, SyncLocks.countQuery(raw, false), 1L);
                assertThat(second.process().isAlive()).isTrue();
                first.send(firstInput.subList(firstInput.size() - 1, firstInput.size()));
                first.closeInput();
                assertThat(first.awaitExit()).as(first.stderr()).isZero();
                assertThat(second.awaitExit()).as(second.stderr()).isZero();
                feeder.join();
            } finally {
                first.process().destroyForcibly();
                if (second != null) {
                    second.process().destroyForcibly();
                }
            }
            assertThat(second.stderr()).contains("Another sync is writing");
            assertThat(first.states()).isEqualTo(states(firstInput));
            assertThat(second.states()).isEqualTo(states(secondInput));
            // nothing lost or doubled: every record in the raw table once, every key once with the newest cursor
            assertThat(direct.queryValue("SELECT count(*) FROM airbyte_internal.pool_raw__stream_dd"))
                    .isEqualTo(3000L);
            assertThat(direct.queryValue("SELECT count(*) FROM pool.dd")).isEqualTo(2500L);
            assertThat(direct.queryValue("SELECT count(DISTINCT id) FROM pool.dd"))
                    .isEqualTo(2500L);
            assertThat(direct.queryValue("SELECT count(*) FROM pool.dd WHERE id >= 1000 AND v <> 'second'"))
                    .isEqualTo(0L);
            assertThat(direct.queryValue("SELECT count(*) FROM pool.dd WHERE id < 1000 AND v <> 'first'"))
                    .isEqualTo(0L);
            assertNothingLeftOnTheServer(direct);
        }
    }

    private static void awaitValue(TestDatabase db, String query, Object value) throws InterruptedException {
        for (int i = 0; i < 600 && !value.equals(db.queryValue(query)); i++) {
            Thread.sleep(100);
        }
        assertThat(db.queryValue(query)).as(query).isEqualTo(value);
    }

    /** A {@code write} in its own JVM whose input the test sends piece by piece. */
    private record Writer(Process process, OutputStream stdin, Path stdout, Path stderrFile) {
        static Writer start(ObjectNode config, ObjectNode catalog) throws IOException {
            Path out = Files.createTempFile("writer", ".out");
            Path err = Files.createTempFile("writer", ".err");
            out.toFile().deleteOnExit();
            err.toFile().deleteOnExit();
            Process process = new ProcessBuilder(ConnectorProcess.write(List.of(), config, catalog))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Writer(process, process.getOutputStream(), out, err);
        }

        void send(List<String> lines) throws IOException {
            for (String line : lines) {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            stdin.flush();
        }

        Thread sendInBackground(List<String> lines) {
            Thread thread = new Thread(() -> {
                try {
                    send(lines);
                    closeInput();
                } catch (IOException e) {
                    // the process ended; its exit code tells
                }
            });
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void closeInput() throws IOException {
            stdin.close();
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the write did not finish: " + stderr());
            }
            return process.exitValue();
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }

        long states() throws IOException {
            return Files.readAllLines(stdout).stream()
                    .filter(line -> line.startsWith("{\"type\":\"STATE\""))
                    .count();
        }
    }

    /**
     * The server restarts (immediate shutdown: a crash, on a server with synchronous_commit=off; started
     * again 2 s later) in the middle of a sync through a transaction pooler, which itself stays up: the sync
     * ends with one transient error (at the latest when it finds the transaction holding its locks gone),
     * every STATE it echoed is durable, and after the platform's resend through the pooler the tables are
     * exact.
     */
    @Test
    void serverRestartMidSyncBehindATransactionPooler() {
        try (StoppablePostgres server = StoppablePostgres.start();
                TestingPgBouncer bouncer =
                        TestingPgBouncer.start("127.0.0.1", server.port(), PoolMode.TRANSACTION, Auth.TRUST)) {
            TestDatabase direct = server.newDatabase("restart_behind_pooler");
            assertThat(direct.queryValue("SHOW synchronous_commit")).isEqualTo("off");
            ObjectNode config = bouncer.through(direct).config();
            SyncScript script = SyncScript.generate(41, 1500, 40);
            ConnectorRun failed;
            List<com.fasterxml.jackson.databind.JsonNode> echoed;
            try (WriteProcess run = WriteProcess.start(config, script.catalog(), script.firstAttempt(), 3)) {
                assertThat(run.awaitCondition(() -> run.echoedStates().size() >= 5, 60))
                        .as(run.stderr())
                        .isTrue();
                server.stop("immediate");
                // a restart: the pooler stays up, and connections waiting in it for a server go on
                sleep(2000);
                server.startAgain();
                failed = run.awaitExit(120);
                echoed = run.echoedStates();
            } finally {
                server.startAgain();
            }
            DatabaseFaultTest.assertTransientFailure(failed);
            assertThat(echoed.size()).isLessThan(3 * 38);

            ConnectorRun rerun =
                    WriteProcess.runToEnd(config, script.catalog(), script.resend(script.lastAttemptLines(), echoed));
            assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
            script.verify(direct);
            assertNothingLeftOnTheServer(direct);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** No advisory lock and no open transaction of the connector stays behind on the server's connections. */
    private static void assertNothingLeftOnTheServer(TestDatabase direct) {
        assertThat(direct.queryValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                .isEqualTo(0L);
        assertThat(direct.queryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND state LIKE 'idle in transaction%'"))
                .isEqualTo(0L);
    }

    private static TestingPgBouncer bouncer(PoolMode mode) {
        return TestingPgBouncer.start("127.0.0.1", TestingPostgres.server().getPort(), mode, Auth.TRUST);
    }

    private static long states(List<String> input) {
        return input.stream()
                .filter(line -> line.contains("\"type\":\"STATE\""))
                .count();
    }

    private static ObjectNode dedupCatalog() {
        ObjectNode catalog = JsonNodeFactory.instance.objectNode();
        ArrayNode streams = catalog.putArray("streams");
        ObjectNode configured = streams.addObject();
        ObjectNode stream = configured.putObject("stream").put("name", "dd").put("namespace", "pool");
        ObjectNode properties =
                stream.putObject("json_schema").put("type", "object").putObject("properties");
        properties.putObject("id").put("type", "integer");
        properties.putObject("upd").put("type", "integer");
        properties.putObject("v").put("type", "string");
        stream.putArray("supported_sync_modes").add("incremental");
        configured.put("sync_mode", "incremental");
        configured.put("destination_sync_mode", "append_dedup");
        configured.putArray("primary_key").addArray().add("id");
        configured.putArray("cursor_field").add("upd");
        configured.put("generation_id", 1);
        configured.put("minimum_generation_id", 0);
        configured.put("sync_id", 5);
        return catalog;
    }

    /** {@code count} records from key {@code from}, a STATE every 100, then the stream's COMPLETE status. */
    private static List<String> dedupInput(int from, int count, int cursor, String value) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"type\":\"RECORD\",\"record\":{\"namespace\":\"pool\",\"stream\":\"dd\",\"emitted_at\":1000,"
                    + "\"data\":{\"id\":" + (from + i) + ",\"upd\":" + cursor + ",\"v\":\"" + value + "\"}}}");
            if ((i + 1) % 100 == 0) {
                lines.add("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                        + "{\"namespace\":\"pool\",\"name\":\"dd\"},\"stream_state\":{\"at\":" + (from + i) + "}}}}");
            }
        }
        lines.add("{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1.0,\"stream_status\":"
                + "{\"stream_descriptor\":{\"namespace\":\"pool\",\"name\":\"dd\"},\"status\":\"COMPLETE\"}}}");
        return lines;
    }
}
