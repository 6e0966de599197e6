package io.heropixel.destination.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heropixel.destination.postgres.testing.ClassDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A failing statement is named in its error (its text, never its bound values); the SQLSTATE is kept. */
class SqlTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    @Test
    void aFailingStatementIsNamedWithoutItsValues() {
        BoundSql query = new BoundSql("SELECT 1 FROM no_such_table WHERE name = ?", List.of("s3cr3t-value"));
        SQLException failure = catchThrowableOfType(() -> Sql.queryLong(DB.connection(), query), SQLException.class);
        assertThat((Throwable) failure).isInstanceOf(StatementFailedException.class);
        assertThat(failure.getSQLState()).isEqualTo("42P01");
        assertThat(failure.getMessage())
                .startsWith(failure.getCause().getMessage() + "\n")
                .contains("Statement: SELECT 1 FROM no_such_table WHERE name = ?")
                .doesNotContain("s3cr3t-value");
        assertThat(((StatementFailedException) failure).statement()).isEqualTo(query.sql());
    }

    @Test
    void plainStatementsAreNamedToo() {
        SQLException failure = catchThrowableOfType(
                () -> Sql.execute(DB.connection(), "DROP TABLE no_such_table"), SQLException.class);
        assertThat(failure.getMessage()).endsWith("Statement: DROP TABLE no_such_table");
    }

    @Test
    void aToleratedStateRollsBackToTheSavepointOnly() throws SQLException {
        var c = DB.connection();
        boolean ran = Sql.inTransaction(c, java.sql.Connection.TRANSACTION_READ_COMMITTED, () -> {
            boolean created = Sql.executeTolerating(c, "DROP TABLE no_such_table", Set.of("42P01"));
            // the transaction is still usable
            assertThat(Sql.queryLong(c, "SELECT 7")).isEqualTo(7);
            return created;
        });
        assertThat(ran).isFalse();
    }

    @Test
    void readCommittedWorkJoinsOneTransactionAndFailsWithIt() throws SQLException {
        var c = DB.connection();
        Sql.execute(c, "CREATE TABLE joined (n int)");
        SQLException failure = catchThrowableOfType(
                () -> Sql.inOneTransaction(c, () -> {
                    Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
                        Sql.execute(c, "INSERT INTO joined VALUES (1)");
                        return null;
                    });
                    // joined, not committed: the failure below rolls the insert back
                    Sql.execute(c, "SELECT 1 FROM no_such_table");
                    return null;
                }),
                SQLException.class);
        assertThat(failure.getSQLState()).isEqualTo("42P01");
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(Sql.queryLong(c, "SELECT count(*) FROM joined")).isZero();
    }

    @Test
    void repeatableReadWorkCommitsTheWorkBeforeItAndTheRestGoesOnReadCommitted() throws SQLException {
        var c = DB.connection();
        Sql.execute(c, "CREATE TABLE committed_first (n int)");
        String isolation = Sql.inOneTransaction(c, () -> {
            Sql.execute(c, "INSERT INTO committed_first VALUES (1)");
            Sql.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> {
                assertThat(Sql.queryString(c, new BoundSql("SHOW transaction_isolation", List.of())))
                        .isEqualTo("repeatable read");
                return null;
            });
            Sql.execute(c, "INSERT INTO committed_first VALUES (2)");
            return Sql.queryString(c, new BoundSql("SHOW transaction_isolation", List.of()));
        });
        assertThat(isolation).isEqualTo("read committed");
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(Sql.queryLong(c, "SELECT count(*) FROM committed_first")).isEqualTo(2);
    }
}
