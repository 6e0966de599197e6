package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The COPYs of a stream loader: opened in an explicit transaction, committed durably, or cancelled. */
final class Copies {
    private static final Logger LOG = LoggerFactory.getLogger(Copies.class);
    private static final String DURABLE_COMMIT_SQL = SessionSql.durableCommit();

    private Copies() {}

    /**
     * Opens a COPY in an explicit transaction (pgJDBC sends BEGIN before it), so its COMMIT can be made
     * durable inside the transaction: no session setting is relied on, which a transaction pooler would not
     * keep.
     */
    static PGCopyOutputStream open(Connection connection, String sql) throws SQLException {
        connection.setAutoCommit(false);
        return new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16);
    }

    /** Commits the COPY's transaction durably and returns the connection to autocommit. */
    static void commitDurably(Connection connection) throws SQLException {
        Sql.execute(connection, DURABLE_COMMIT_SQL);
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** Ends a COPY (committing it) and checks that it stored {@code expected} rows. */
    static void end(PGCopyOutputStream open, boolean binary, long expected, QualifiedName table)
            throws SQLException, IOException {
        if (binary) {
            open.write(BinaryRow.TRAILER);
        }
        long rows = open.endCopy();
        if (rows != expected) {
            throw new IllegalStateException("COPY into " + table + " stored " + rows + " rows for " + expected);
        }
    }

    static void cancel(PGCopyOutputStream open, Connection connection, StreamDescriptor stream) {
        if (open == null) {
            return;
        }
        try {
            if (open.isActive()) {
                open.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.warn("Could not cancel a COPY of stream {}: {}", stream, e.getMessage());
            abort(connection, stream);
        }
    }

    private static void abort(Connection connection, StreamDescriptor stream) {
        if (connection == null) {
            return;
        }
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Aborting a connection of stream {} failed: {}", stream, e.getMessage());
        }
    }
}
