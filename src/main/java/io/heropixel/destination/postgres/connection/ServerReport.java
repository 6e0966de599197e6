package io.heropixel.destination.postgres.connection;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * What {@code check} and {@code write} found at the other end of the connection: the server's version,
 * whether the connection runs over TLS (as the connector sees it: through a pooler, that is the link to
 * the pooler), whether a connection pooler sits in between and in which mode ({@link PoolerProbe}), and
 * whether the Citus extension is installed in the database (its version and the number of active workers,
 * as in {@code 13.2-1 with 2 workers}).
 */
public record ServerReport(String serverVersion, boolean tls, PoolerProbe.Mode pooler, Optional<String> citus) {
    public ServerReport {
        requireNonNull(serverVersion, "serverVersion is null");
        requireNonNull(pooler, "pooler is null");
        requireNonNull(citus, "citus is null");
    }

    /**
     * Inspects through {@code connection}, the first connection {@code factory} opened (its TLS count then
     * says whether that connection uses TLS). Throws a ConfigException for a statement-mode pooler.
     */
    public static ServerReport inspect(ConnectionFactory factory, Connection connection) throws SQLException {
        boolean tls = factory.tlsConnections() > 0;
        String version = queryString(connection, "SELECT current_setting('server_version')");
        Optional<String> citus = Optional.ofNullable(
                queryString(connection, "SELECT max(extversion) FROM pg_catalog.pg_extension WHERE extname = 'citus'"));
        if (citus.isPresent()) {
            String workers = queryString(
                    connection,
                    "SELECT count(*) FROM pg_dist_node WHERE isactive AND noderole = 'primary' AND groupid <> 0");
            citus = Optional.of(citus.get() + " with " + workers + ("1".equals(workers) ? " worker" : " workers"));
        }
        PoolerProbe.Mode pooler = PoolerProbe.probe(factory, connection);
        return new ServerReport(version, tls, pooler, citus);
    }

    /** One line, for the log and the CONNECTION_STATUS message. */
    public String describe() {
        return "PostgreSQL " + serverVersion
                + "; TLS: " + (tls ? "in use" : "not in use")
                + "; connection pooler: " + pooler.description()
                + "; " + citus.map(v -> "Citus " + v).orElse("Citus: not installed");
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
