package io.heropixel.destination.postgres.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** One database the benchmark loads into, and the connector config that points at it. */
record Target(String host, int port, String database, String user, String password) {
    Target {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Target withDatabase(String other) {
        return new Target(host, port, other, user, password);
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(), properties);
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
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("host", host);
        config.put("port", port);
        config.put("database", database);
        config.put("schema", "public");
        config.put("username", user);
        if (!password.isEmpty()) {
            config.put("password", password);
        }
        config.put("ssl", false);
        config.putObject("ssl_mode").put("mode", "disable");
        return config;
    }
}
