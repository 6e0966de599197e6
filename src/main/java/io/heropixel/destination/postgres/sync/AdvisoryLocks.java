package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.typing.SqlGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session advisory locks, one per raw table, held on one connection for the whole write: a second sync of
 * the same stream (same raw table) waits until the first one ends instead of interleaving table setup,
 * swaps and typing. Locks are taken in name order, so two syncs sharing several streams cannot deadlock.
 * Closing the connection releases them.
 */
final class AdvisoryLocks {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLocks.class);
    /** First key of the two-key advisory lock: marks the lock as this connector's. */
    static final int LOCK_CLASS = 0x48504453;

    private AdvisoryLocks() {}

    static void acquire(Connection connection, List<QualifiedName> rawTables) throws SQLException {
        SqlGenerator sql = new SqlGenerator();
        TreeSet<String> names = new TreeSet<>();
        for (QualifiedName table : rawTables) {
            names.add(table.quoted());
        }
        for (String name : names) {
            if (!lock(connection, sql.tryAdvisoryLockSql(), name)) {
                LOG.info("Another sync is writing {}; waiting for it to finish", name);
                lock(connection, sql.advisoryLockSql(), name);
                LOG.info("Obtained the lock on {}", name);
            }
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
        }
    }
}
