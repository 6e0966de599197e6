package io.heropixel.destination.postgres.connection;

import io.heropixel.destination.postgres.error.ConfigException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * Finds out whether a connection pooler sits between the connector and Postgres, and in which mode. No
 * pooler-specific command is used (a pooler is not a server; PgBouncer's {@code SHOW POOLS} needs its admin
 * console), only what Postgres itself answers:
 *
 * <ul>
 *   <li><b>Proxied</b>: the process id the server sent at login (the cancel key) is not the one of the
 *       backend that answers queries ({@code pg_backend_pid()}): something in between speaks for the
 *       server. PgBouncer in any mode, and other poolers that make up their own cancel keys, show this.
 *   <li><b>Transaction (or statement) pooling</b>: a second connection opens a transaction, which pins
 *       the server connection the first one just used when a transaction pooler hands out its most recently
 *       freed server connection first (PgBouncer's default); the first connection's next autocommit query
 *       then runs on another backend. Seen as: the second connection's backend is the first one's, or the
 *       first one's backend changes.
 *   <li><b>Statement pooling</b>: a transaction of two statements fails (PgBouncer ends the client
 *       connection). Refused: loading and typing need multi-statement transactions.
 * </ul>
 *
 * <p>What it cannot see: a session pooler or proxy that passes the server's own process id through looks
 * like a direct connection (harmless: a session pooler keeps one server connection per client); a
 * transaction pooler that happened to hand both connections distinct backends and then gave the first one
 * its old backend back is taken for a session pooler (also harmless: the connector works the same way in
 * every mode; the mode is reported, not relied on).
 */
public final class PoolerProbe {
    /** What was found between the connector and Postgres. */
    public enum Mode {
        NONE,
        SESSION,
        TRANSACTION;

        public String description() {
            return switch (this) {
                case NONE -> "none detected";
                case SESSION -> "detected, in session mode (or a proxy that keeps one server connection per client)";
                case TRANSACTION ->
                    "detected, in transaction mode (each transaction may run on another server connection)";
            };
        }
    }

    static final String STATEMENT_MODE_MESSAGE = "The connection goes through a connection pooler in statement"
            + " mode (for example PgBouncer with pool_mode = statement), which does not allow transactions of"
            + " more than one statement; loading and typing need them. Connect to a port or endpoint of the"
            + " pooler that runs in transaction or session mode (PgBouncer: pool_mode = transaction or"
            + " session), or directly to the database. See docs/vendors.md.";

    private PoolerProbe() {}

    /**
     * Probes through {@code first}, an open autocommit connection of {@code factory}, and one more
     * connection opened here. Throws a {@link ConfigException} for statement pooling.
     */
    public static Mode probe(ConnectionFactory factory, Connection first) throws SQLException {
        long reported = first.unwrap(PGConnection.class).getBackendPID();
        long before = backendPid(first);
        boolean proxied = reported != before;
        try (Connection second = factory.open()) {
            second.setAutoCommit(false);
            long pinned;
            try {
                pinned = backendPid(second);
                backendPid(second);
            } catch (SQLException e) {
                if (proxied) {
                    throw new ConfigException(STATEMENT_MODE_MESSAGE, e);
                }
                throw e;
            }
            long after = backendPid(first);
            second.rollback();
            if (pinned == before || after != before) {
                return Mode.TRANSACTION;
            }
        }
        return proxied ? Mode.SESSION : Mode.NONE;
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
