package io.heropixel.destination.postgres.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingProxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server keeps EmbeddedPostgres' synchronous_commit=off: the connector must raise it for its own
 * sessions, or an immediate shutdown loses commits whose STATE was already echoed.
 *
 * <p>The database goes away during a sync: server stopped (fast and immediate shutdown) while loading and
 * while typing, or every connection cut by a proxy. The connector ends with a transient_error TRACE that
 * says what happened; the STATEs it echoed before are durable; after the platform's resend the tables
 * are exactly right. Uses its own server (stopping the shared one would break other tests). Where the
 * server stays down, the connector's connect retries wait 50-200 ms instead of 1-4 s ({@link
 * WriteProcess#FAST_CONNECT_RETRY}); the test of a server that comes back keeps the real delays.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // hang guard only
class DatabaseFaultTest {
    private static StoppablePostgres server;
    private static int databases;

    @BeforeAll
    static void startServer() {
        server = StoppablePostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static TestDatabase newDatabase() {
        return server.newDatabase("faults_" + (++databases));
    }

    @ParameterizedTest(name = "{0} shutdown")
    @ValueSource(strings = {"fast", "immediate"})
    void serverStoppedWhileLoading(String mode) {
        TestDatabase db = newDatabase();
        SyncScript script = SyncScript.generate(mode.hashCode(), 1500, 40);
        ConnectorRun failed;
        List<JsonNode> echoed;
        try (WriteProcess run = WriteProcess.start(
                db.config(), script.catalog(), script.firstAttempt(), 3, "-Xmx256m", WriteProcess.FAST_CONNECT_RETRY)) {
            assertThat(run.awaitCondition(() -> run.echoedStates().size() >= 5, 60))
                    .isTrue();
            server.stop(mode);
            failed = run.awaitExit(120);
            echoed = run.echoedStates();
        } finally {
            server.startAgain();
        }

        assertTransientFailure(failed);
        assertThat(echoed.size()).isLessThan(3 * 38);
        resendAndVerify(db, script, echoed);
    }

    @ParameterizedTest(name = "{0} shutdown")
    @ValueSource(strings = {"fast", "immediate"})
    void serverStoppedWhileTyping(String mode) throws Exception {
        TestDatabase db = newDatabase();
        SyncScript script = SyncScript.generate(mode.hashCode() + 7, 1500, 40);
        // a first complete sync creates the tables; the second one's typing then waits for a lock
        assertThat(WriteProcess.runToEnd(db.config(), script.catalog(), script.firstAttempt())
                        .exitCode())
                .isZero();
        List<String> second = script.resend(script.lastAttemptLines(), List.of());
        ConnectorRun failed;
        List<JsonNode> echoed;
        Connection blocker = db.connect();
        try (WriteProcess run = WriteProcess.start(
                db.config(), script.catalog(), second, 3, "-Xmx256m", WriteProcess.FAST_CONNECT_RETRY)) {
            // the tables are set up once the first state is echoed; from then on only typing touches faults.dd
            assertThat(run.awaitCondition(() -> !run.echoedStates().isEmpty(), 60))
                    .isTrue();
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("LOCK TABLE faults.dd IN EXCLUSIVE MODE");
            }
            int states =
                    (int) second.stream().filter(l -> l.contains("\"STATE\"")).count();
            assertThat(run.awaitCondition(() -> run.echoedStates().size() == states, 60))
                    .isTrue();
            assertThat(run.awaitCondition(() -> waitsForLock(db), 60)).isTrue();
            server.stop(mode);
            failed = run.awaitExit(120);
            echoed = run.echoedStates();
        } finally {
            server.startAgain();
            try {
                blocker.close();
            } catch (java.sql.SQLException e) {
                // the server was restarted under it
            }
        }

        assertTransientFailure(failed);
        assertThat(failed.errorTraces().get(0).path("message").asText()).contains("typing");
        resendAndVerify(db, script, echoed);
    }

    @Test
    void connectionsCutByTheNetwork() throws Exception {
        TestDatabase db = newDatabase();
        SyncScript script = SyncScript.generate(11, 1500, 40);
        ConnectorRun failed;
        List<JsonNode> echoed;
        try (TestingProxy proxy = new TestingProxy("127.0.0.1", server.port())) {
            ObjectNode config = db.config().put("port", proxy.port());
            try (WriteProcess run = WriteProcess.start(
                    config, script.catalog(), script.firstAttempt(), 3, "-Xmx256m", WriteProcess.FAST_CONNECT_RETRY)) {
                assertThat(run.awaitCondition(() -> run.echoedStates().size() >= 5, 60))
                        .isTrue();
                proxy.refuseNew(true);
                proxy.cutAll();
                failed = run.awaitExit(120);
                echoed = run.echoedStates();
            }
        }

        assertTransientFailure(failed);
        resendAndVerify(db, script, echoed);
    }

    @Test
    void writeWaitsForAServerThatIsStillStarting() throws Exception {
        TestDatabase db = newDatabase();
        SyncScript script = SyncScript.generate(13, 200, 40);
        ConnectorRun run;
        server.stop("fast");
        try (WriteProcess write = WriteProcess.start(db.config(), script.catalog(), script.firstAttempt(), 0)) {
            // start the server once the connector has failed to connect and waits to retry
            assertThat(write.awaitCondition(() -> write.stderr().contains("retrying in"), 60))
                    .isTrue();
            server.startAgain();
            run = write.awaitExit(120);
        } finally {
            server.startAgain();
        }

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        script.verify(db);
    }

    private static boolean waitsForLock(TestDatabase db) {
        Object waiting = db.queryValue("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND datname = current_database()");
        return ((Long) waiting) > 0;
    }

    /** One transient_error TRACE that says the connection or server went away; no stack trace in the message. */
    static void assertTransientFailure(ConnectorRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isNotZero();
        assertThat(run.errorTraces()).as(run.stdout()).hasSize(1);
        JsonNode error = run.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).as(error.toString()).isEqualTo("transient_error");
        assertThat(error.path("message").asText())
                .containsPattern("(?i)connection|terminat|shut ?down|server")
                .doesNotContain("\tat ");
    }

    /** The platform resends after the last echoed state of each stream; the result must be exact. */
    static void resendAndVerify(TestDatabase db, SyncScript script, List<JsonNode> echoed) {
        List<String> resend = script.resend(script.lastAttemptLines(), echoed);
        ConnectorRun rerun = WriteProcess.runToEnd(db.config(), script.catalog(), resend);
        assertThat(rerun.exitCode()).as(rerun.stderr()).isZero();
        script.verify(db);
    }
}
