package io.heropixel.destination.postgres.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One database the benchmark loads into, and the connector config that points at it. */
record Target(String host, int port, String database, String user, String password) {
    Target {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** The same database as the tests' {@link TestDatabase} (its JDBC URL, connection and config). */
    private TestDatabase asTestDatabase() {
        return new TestDatabase(host, port, database, user, password);
    }

    String jdbcUrl() {
        return asTestDatabase().jdbcUrl();
    }

    Target withDatabase(String other) {
        return new Target(host, port, other, user, password);
    }

    Connection connect() throws SQLException {
        return asTestDatabase().connect();
    }

    void execute(String... sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        }
    }

    /** The first column of the first row, or null. */
    Object queryValue(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    /** A connector config without SSL or tunnel, default schema {@code public}. */
    ObjectNode connectorConfig() {
        return asTestDatabase().config();
    }
}
