package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.load.LoadFailedException;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.sql.StatementFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advisory locks, one per raw table, held for the whole write: a second sync of the same stream (same raw
 * table) waits until the first one ends instead of interleaving table setup, swaps and typing. Locks are
 * taken in name order, so two syncs sharing several streams cannot deadlock.
 *
 * <p>The locks are transaction-scoped and taken in a transaction that stays open, idle, on its own
 * connection until {@link #release}: no session lock is used, so they hold through a transaction pooler too
 * (it keeps one server connection for an open transaction), and they end with the transaction however the
 * sync ends (the connection closed, the connector killed). The transaction takes no snapshot and writes
 * nothing, so it does not hold back vacuum.
 */
final class AdvisoryLocks {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLocks.class);
    /** First key of the two-key advisory lock: marks the lock as this connector's. */
    static final int LOCK_CLASS = 0x48504453;

    private AdvisoryLocks() {}

    /** Opens the lock transaction on {@code connection} (which must be used for nothing else) and locks. */
    static void acquire(Connection connection, List<QualifiedName> rawTables) throws SQLException {
        connection.setAutoCommit(false);
        Sql.execute(connection, SessionSql.keepIdleTransaction());
        TreeSet<String> names = new TreeSet<>();
        for (QualifiedName table : rawTables) {
            names.add(table.quoted());
        }
        for (String name : names) {
            if (!lock(connection, LockSql.tryAdvisoryLock(), name)) {
                LOG.info("Another sync is writing {}; waiting for it to finish", name);
                lock(connection, LockSql.advisoryLock(), name);
                LOG.info("Obtained the lock on {}", name);
            }
        }
    }

    /**
     * Fails when the lock transaction is gone (its connection was closed: server restart, network cut, a
     * pooler or an idle-transaction timeout ending it): the tables are then no longer protected from a
     * concurrent sync, so nothing more is swapped or typed. Called before the streams are finalised.
     */
    static void verify(Connection connection) {
        try {
            Sql.execute(connection, "SELECT 1");
        } catch (SQLException e) {
            throw LoadFailedException.of(
                    "checking the connection that holds this sync's locks (it was lost: the sync stops before"
                            + " finalising its streams; retry it)",
                    e);
        }
    }

    /** Ends the lock transaction, releasing every lock. */
    static void release(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("Ending the lock transaction failed (closing the connection ends it): {}", e.getMessage());
        }
    }

    private static boolean lock(Connection connection, String statementSql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statementSql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Object value = rs.getObject(1);
                return !(value instanceof Boolean b) || b;
            }
        } catch (SQLException e) {
            throw StatementFailedException.of(e, statementSql);
        }
    }
}
