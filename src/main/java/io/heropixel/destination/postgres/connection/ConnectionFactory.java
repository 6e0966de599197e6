package io.heropixel.destination.postgres.connection;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.config.SslMode;
import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.connection.ssh.SshTunnel;
import io.heropixel.destination.postgres.connection.ssl.InMemorySslSocketFactory;
import io.heropixel.destination.postgres.connection.ssl.SslContexts;
import io.heropixel.destination.postgres.error.LoginContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens JDBC connections to the configured database. Owns the SSH tunnel (opened once, at the first
 * connection) and the in-memory TLS material; {@link #close()} releases both. Every connection is in
 * auto-commit mode and runs in UTC. Nothing relies on session state beyond that (every name is
 * schema-qualified, every setting that matters is made inside its transaction), so connections may go
 * through a transaction pooler.
 */
public final class ConnectionFactory implements AutoCloseable {
    private final DestinationConfig config;
    private final String sslToken;
    private SshTunnel tunnel;
    private boolean closed;

    public ConnectionFactory(DestinationConfig config) {
        this.config = requireNonNull(config, "config is null");
        // every mode that may encrypt gets the in-memory TLS context (never the driver's file-based one)
        this.sslToken = config.ssl().mode() == SslMode.DISABLE
                ? null
                : InMemorySslSocketFactory.register(SslContexts.create(config.ssl()));
    }

    public DestinationConfig config() {
        return config;
    }

    /** Where and as whom connections log in (for error messages). */
    public LoginContext login() {
        return new LoginContext(config.host(), config.port(), config.database(), config.username());
    }

    /** A new connection in auto-commit mode. */
    public Connection open() throws SQLException {
        Endpoint endpoint = endpoint();
        Properties properties = ConnectionProperties.build(config, sslToken);
        Connection connection = DriverManager.getConnection(endpoint.url(config.database()), properties);
        try (Statement statement = connection.createStatement()) {
            // pgJDBC sends the JVM's time zone as a startup parameter, which wins over "options". TimeZone is
            // reported to the client, so poolers keep it per client; nothing correct depends on it anyway:
            // typing sets it for its own transactions, and no other setting is made for the session (a
            // transaction pooler would not keep it; see docs/vendors.md).
            statement.execute("SET TIME ZONE 'UTC'");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        connection.setAutoCommit(true);
        return connection;
    }

    /** How many connections opened so far run over TLS. */
    public long tlsConnections() {
        return sslToken == null ? 0 : InMemorySslSocketFactory.tlsConnections(sslToken);
    }

    private synchronized Endpoint endpoint() {
        if (closed) {
            throw new IllegalStateException("The connection factory is closed");
        }
        if (config.tunnel() instanceof TunnelConfig.NoTunnel) {
            return new Endpoint(config.host(), config.port());
        }
        if (tunnel == null) {
            tunnel = SshTunnel.open(config.tunnel(), config.host(), config.port());
        }
        return new Endpoint(tunnel.localHost(), tunnel.localPort());
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (sslToken != null) {
            InMemorySslSocketFactory.unregister(sslToken);
        }
        if (tunnel != null) {
            tunnel.close();
            tunnel = null;
        }
    }
}
