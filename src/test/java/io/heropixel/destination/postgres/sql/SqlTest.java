package io.heropixel.destination.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heropixel.destination.postgres.testing.ClassDatabase;
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
}
