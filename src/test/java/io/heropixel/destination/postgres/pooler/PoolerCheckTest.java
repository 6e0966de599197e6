package io.heropixel.destination.postgres.pooler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPgBouncer;
import io.heropixel.destination.postgres.testing.TestingPgBouncer.Auth;
import io.heropixel.destination.postgres.testing.TestingPgBouncer.PoolMode;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import org.junit.jupiter.api.Test;

/**
 * {@code check} through a real PgBouncer 1.18 in front of the embedded Postgres: the CONNECTION_STATUS
 * message names what was found (pooler mode, TLS, server version, Citus); statement pooling is refused with
 * a message naming the fix. Skipped when pgbouncer is not installed.
 */
class PoolerCheckTest {

    private static ConnectorRun check(JsonNode config) {
        return ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
    }

    private static String succeededMessage(ConnectorRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.connectionStatus().path("status").asText())
                .as(run.stdout() + run.stderr())
                .isEqualTo("SUCCEEDED");
        return run.connectionStatus().path("message").asText();
    }

    @Test
    void directConnectionReportsNoPooler() {
        TestDatabase db = TestingPostgres.newDatabase();
        JsonNode config = db.config().put("port", db.port()).put("host", db.host());
        String message = succeededMessage(check(config));
        assertThat(message)
                .startsWith("PostgreSQL ")
                .contains("TLS: not in use", "connection pooler: none detected", "Citus: not installed");
    }

    @Test
    void transactionPoolerIsDetected() {
        try (TestingPgBouncer bouncer = start(PoolMode.TRANSACTION, Auth.TRUST)) {
            String message = succeededMessage(check(bouncer.newDatabase().config()));
            assertThat(message).contains("connection pooler: detected, in transaction mode");
        }
    }

    @Test
    void transactionPoolerWithPasswordIsDetected() {
        try (TestingPgBouncer bouncer = start(PoolMode.TRANSACTION, Auth.MD5)) {
            String message = succeededMessage(check(bouncer.newDatabase().config()));
            assertThat(message).contains("connection pooler: detected, in transaction mode");
        }
    }

    @Test
    void sessionPoolerIsDetected() {
        try (TestingPgBouncer bouncer = start(PoolMode.SESSION, Auth.TRUST)) {
            String message = succeededMessage(check(bouncer.newDatabase().config()));
            assertThat(message).contains("connection pooler: detected, in session mode");
        }
    }

    @Test
    void statementPoolerIsRefusedWithTheFix() {
        try (TestingPgBouncer bouncer = start(PoolMode.STATEMENT, Auth.TRUST)) {
            ConnectorRun run = check(bouncer.newDatabase().config());
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(run.connectionStatus().path("message").asText())
                    .contains("statement mode", "pool_mode = transaction or session", "docs/vendors.md");
            assertThat(run.errorTraces()).hasSize(1);
            assertThat(run.errorTraces().get(0).path("failure_type").asText()).isEqualTo("config_error");
        }
    }

    private static TestingPgBouncer start(PoolMode mode, Auth auth) {
        return TestingPgBouncer.start("127.0.0.1", TestingPostgres.server().getPort(), mode, auth);
    }
}
