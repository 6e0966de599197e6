package io.heropixel.destination.postgres.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs generated statements and transactions on a JDBC connection: the one place that talks JDBC for the
 * table lifecycle, typing and the write path. Every failure names the statement it ran ({@link
 * StatementFailedException}); values are always bound, never part of the text.
 */
public final class Sql {
    private Sql() {}

    public static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw StatementFailedException.of(e, statement);
        }
    }

    public static void execute(Connection c, BoundSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, statement)) {
            ps.execute();
        } catch (SQLException e) {
            throw StatementFailedException.of(e, statement.sql());
        }
    }

    /**
     * Runs the statements in order (for example a list of settings), in one round trip to the server: the
     * first that fails stops the rest.
     */
    public static void executeAll(Connection c, List<String> statements) throws SQLException {
        if (!statements.isEmpty()) {
            execute(c, String.join(";\n", statements));
        }
    }

    /** Runs a statement; returns the rows it changed. */
    public static long update(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(statement);
        } catch (SQLException e) {
            throw StatementFailedException.of(e, statement);
        }
    }

    /** Runs a bound statement; returns the rows it changed. */
    public static long update(Connection c, BoundSql statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, statement)) {
            return ps.executeLargeUpdate();
        } catch (SQLException e) {
            throw StatementFailedException.of(e, statement.sql());
        }
    }

    /** The first column of the first row as a number. */
    public static long queryLong(Connection c, String query) throws SQLException {
        return queryLong(c, new BoundSql(query, List.of()));
    }

    /** The first column of the first row as a number. */
    public static long queryLong(Connection c, BoundSql query) throws SQLException {
        return queryTwoLongs(c, query, 1)[0];
    }

    /** The first row's columns 1 and 2 as numbers. */
    public static long[] queryTwoLongs(Connection c, String query) throws SQLException {
        return queryTwoLongs(c, new BoundSql(query, List.of()));
    }

    /** The first row's columns 1 and 2 as numbers. */
    public static long[] queryTwoLongs(Connection c, BoundSql query) throws SQLException {
        return queryTwoLongs(c, query, 2);
    }

    private static long[] queryTwoLongs(Connection c, BoundSql query, int columns) throws SQLException {
        try (PreparedStatement ps = prepare(c, query);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return columns == 1 ? new long[] {rs.getLong(1)} : new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query.sql());
        }
    }

    /** The first column of the first row as text. */
    public static String queryString(Connection c, BoundSql query) throws SQLException {
        List<String> rows = queryStrings(c, query);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The first column of every row, as text; {@code parameters} are bound in order. */
    public static List<String> queryStrings(Connection c, String query, String... parameters) throws SQLException {
        return queryStrings(c, new BoundSql(query, List.of(parameters)));
    }

    /** The first column of every row, as text. */
    public static List<String> queryStrings(Connection c, BoundSql query) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, query);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query.sql());
        }
        return result;
    }

    /** True when the query returns a row; {@code parameters} are bound in order. */
    public static boolean queryExists(Connection c, String query, String... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, new BoundSql(query, List.of(parameters)));
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query);
        }
    }

    /** The first column of the first row as a number, empty without a row; a NULL value is {@code ifNull}. */
    public static Optional<Long> queryOptionalLong(Connection c, String query, long ifNull) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long value = rs.getLong(1);
            return Optional.of(rs.wasNull() ? ifNull : value);
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query);
        }
    }

    /**
     * Runs {@code statement} inside a savepoint of the current transaction; a failure whose SQLSTATE is one
     * of {@code tolerated} rolls back to the savepoint and returns false, any other failure is thrown.
     */
    public static boolean executeTolerating(Connection c, String statement, Set<String> tolerated) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            execute(c, statement);
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() == null || !tolerated.contains(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
            return false;
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

    /** Work that runs on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. The isolation level is set for this transaction only ({@code SET
     * TRANSACTION}, not pgJDBC's session-wide setting, which a transaction pooler would apply to some other
     * server connection), and the COMMIT is durable ({@link SessionSql#durableCommit()}, set together with
     * the isolation level, in the same round trip): nothing here depends on session state. Called with a
     * transaction open (auto-commit off, see {@link #inOneTransaction}), read committed work joins it.
     */
    public static <T> T inTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        if (isolation != Connection.TRANSACTION_READ_COMMITTED && isolation != Connection.TRANSACTION_REPEATABLE_READ) {
            throw new IllegalArgumentException("unsupported isolation level " + isolation);
        }
        if (c.getAutoCommit()) {
            return ownTransaction(c, isolation, work);
        }
        // in a caller's transaction (see inOneTransaction)
        if (isolation == Connection.TRANSACTION_READ_COMMITTED) {
            return work.run();
        }
        c.commit();
        try {
            return ownTransaction(c, isolation, work);
        } finally {
            // the caller's work goes on in a new transaction, read committed and durable like the first
            c.setAutoCommit(false);
            executeAll(c, transactionSettings(Connection.TRANSACTION_READ_COMMITTED));
        }
    }

    /**
     * Runs {@code work}, and every {@link #inTransaction} at read committed it calls, in one read committed
     * transaction with a durable COMMIT: one commit instead of one each. An {@link #inTransaction} at
     * repeatable read within it commits the work so far first, runs on its own, and the rest of {@code work}
     * goes on in a new transaction. A failure rolls back the work since the last commit.
     */
    public static <T> T inOneTransaction(Connection c, Work<T> work) throws SQLException {
        return inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, work);
    }

    private static <T> T ownTransaction(Connection c, int isolation, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            executeAll(c, transactionSettings(isolation));
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
            c.setAutoCommit(true);
        }
    }

    private static List<String> transactionSettings(int isolation) {
        return List.of(
                SessionSql.isolation(isolation == Connection.TRANSACTION_REPEATABLE_READ), SessionSql.durableCommit());
    }

    /**
     * Runs {@code work}, which only reads, in one transaction of the session's isolation level, rolled back
     * at the end (for settings that last one transaction, {@code SET LOCAL}): no SET TRANSACTION, no commit.
     */
    public static <T> T readOnly(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (!autoCommit) {
            c.commit();
        }
        c.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            try {
                c.rollback();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }
}
