package io.heropixel.destination.postgres.typing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Runs generated statements and transactions on a JDBC connection. */
final class Jdbc {
    private Jdbc() {}

    static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    static long update(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(statement);
        }
    }

    static long queryLong(Connection c, String query, int column) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(column);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int previousIsolation = c.getTransactionIsolation();
        if (!autoCommit) {
            c.commit();
        }
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            c.setTransactionIsolation(previousIsolation);
            c.setAutoCommit(autoCommit);
        }
    }
}
