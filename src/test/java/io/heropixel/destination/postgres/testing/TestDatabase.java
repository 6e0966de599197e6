package io.heropixel.destination.postgres.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** One isolated database on a test server, with helpers to run SQL and build a connector config. */
public record TestDatabase(String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Runs statements (DDL, DML) as the superuser. */
    public void execute(String... sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String s : sql) {
                statement.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query and returns every row as a column-name to value map (in column order). */
    public List<Map<String, Object>> query(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** A single value (first column of the first row), or null. */
    public Object queryValue(String sql) {
        List<Map<String, Object>> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    /**
     * A minimal connector config (no SSL, no tunnel) for this database; through PgBouncer when the tests
     * run with {@code -Dtest.pooler=transaction|session} ({@link PoolerRoute}).
     */
    /**
     * True with {@code -Dtest.directLoad=true}: every config from {@link #config()} has {@code direct_load}
     * (the conformance scenarios run so in .ci/run, their raw-table checks left out).
     */
    public static boolean directLoad() {
        return Boolean.getBoolean("test.directLoad");
    }

    public ObjectNode config() {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("host", host);
        config.put("port", port);
        config.put("database", database);
        config.put("schema", "public");
        config.put("username", user);
        if (!password.isEmpty()) {
            config.put("password", password);
        }
        config.put("ssl", false);
        if (directLoad()) {
            config.put("direct_load", true);
        }
        ObjectNode sslMode = config.putObject("ssl_mode");
        sslMode.put("mode", "disable");
        return PoolerRoute.route(config, this);
    }
}
