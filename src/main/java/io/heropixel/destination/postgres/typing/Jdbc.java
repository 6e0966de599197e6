package io.heropixel.destination.postgres.typing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs generated statements and transactions on a JDBC connection. */
final class Jdbc {
    private Jdbc() {}

    static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Runs the statements in order (for example a list of settings). */
    static void executeAll(Connection c, List<String> statements) throws SQLException {
        for (String statement : statements) {
            execute(c, statement);
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

    /** One row of two numbers. */
    static long[] queryTwoLongs(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    static void execute(Connection c, BoundSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, statement)) {
            ps.execute();
        }
    }

    /** Runs a bound statement; returns the rows it changed. */
    static long update(Connection c, BoundSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, statement)) {
            return ps.executeLargeUpdate();
        }
    }

    static long queryLong(Connection c, BoundSql query, int column) throws SQLException {
        try (PreparedStatement ps = prepare(c, query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(column);
        }
    }

    /** The first row's columns 1 and 2 as longs. */
    static long[] queryTwoLongs(Connection c, BoundSql query) throws SQLException {
        try (PreparedStatement ps = prepare(c, query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    static String queryString(Connection c, BoundSql query) throws SQLException {
        try (PreparedStatement ps = prepare(c, query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static PreparedStatement prepare(Connection c, BoundSql statement) throws SQLException {
        PreparedStatement ps = c.prepareStatement(statement.sql());
        try {
            for (int i = 0; i < statement.parameters().size(); i++) {
                ps.setString(i + 1, statement.parameters().get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. The isolation level is set for this transaction only ({@code SET
     * TRANSACTION}, not pgJDBC's session-wide setting, which a transaction pooler would apply to some other
     * server connection), and the COMMIT is durable ({@link SqlGenerator#durableCommitSql()}): nothing here
     * depends on session state.
     */
    static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        if (isolation != Connection.TRANSACTION_READ_COMMITTED && isolation != Connection.TRANSACTION_REPEATABLE_READ) {
            throw new IllegalArgumentException("unsupported isolation level " + isolation);
        }
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.commit();
        }
        c.setAutoCommit(false);
        SqlGenerator sql = new SqlGenerator();
        try {
            execute(c, sql.isolationSql(isolation == Connection.TRANSACTION_REPEATABLE_READ));
            T result = work.run();
            execute(c, sql.durableCommitSql());
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
            c.setAutoCommit(autoCommit);
        }
    }
}
