package io.heropixel.destination.postgres.connection;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections with a bounded retry for failures that say "not now" rather than "never": the server
 * refuses connections or is starting up, shutting down or full, or a connection pooler cannot reach it
 * yet. Opening a connection has no side effect,
 * so retrying it is always safe. Authentication, TLS and missing-database errors fail at once.
 */
public final class ConnectRetry {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectRetry.class);
    /** 08001 cannot connect, 08004 rejected, 57P03 starting up, 57P01/57P02 shutting down, 53300 too many. */
    private static final Set<String> RETRYABLE = Set.of(
            SqlStates.CONNECTION_UNABLE,
            SqlStates.CONNECTION_REJECTED,
            SqlStates.CANNOT_CONNECT_NOW,
            SqlStates.ADMIN_SHUTDOWN,
            SqlStates.CRASH_SHUTDOWN,
            SqlStates.TOO_MANY_CONNECTIONS);
    /**
     * What PgBouncer answers (SQLSTATE 08P01) while it cannot log in to the server (down or restarting):
     * "pgbouncer cannot connect to server", for {@code server_login_retry} seconds after a failed login
     * "server login has been failing, try again later", and "query_wait_timeout" when a client waited that
     * long for a server connection.
     */
    private static final List<String> POOLER_NOT_NOW =
            List.of("cannot connect to server", "server login has been failing", "query_wait_timeout");

    /** Opens one connection. */
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int attempts;
    private final Duration firstDelay;

    /** @param attempts tries in total (at least 1); the delay doubles after each failed try */
    public ConnectRetry(Opener opener, int attempts, Duration firstDelay) {
        this.opener = requireNonNull(opener, "opener is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.attempts = attempts;
        this.firstDelay = requireNonNull(firstDelay, "firstDelay is null");
    }

    /** The write command's policy: 4 tries, waiting {@code firstDelay} and then twice as long each time (the write command waits 1 s first: 7 s in all). */
    public static ConnectRetry forWrite(Opener opener, Duration firstDelay) {
        return new ConnectRetry(opener, 4, firstDelay);
    }

    public Connection open() throws SQLException {
        long delay = firstDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return opener.open();
            } catch (SQLException e) {
                if (attempt >= attempts || !retryable(e)) {
                    throw e;
                }
                LOG.warn(
                        "Connecting to Postgres failed ({}, SQLSTATE {}); retrying in {} ms (attempt {} of {})",
                        firstLine(e.getMessage()),
                        e.getSQLState(),
                        delay,
                        attempt + 1,
                        attempts);
                sleep(delay);
                delay *= 2;
            }
        }
    }

    static boolean retryable(SQLException e) {
        if (RETRYABLE.contains(e.getSQLState())) {
            return true;
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        return SqlStates.PROTOCOL_VIOLATION.equals(e.getSQLState())
                && POOLER_NOT_NOW.stream().anyMatch(message::contains);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to reconnect", SqlStates.CONNECTION_UNABLE, e);
        }
    }
}
