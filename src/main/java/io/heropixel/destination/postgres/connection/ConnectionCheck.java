package io.heropixel.destination.postgres.connection;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.Schemas;
import io.heropixel.destination.postgres.table.TableSql;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code check} proves: the connector can log in, create its schemas, create a raw table, load a
 * row with COPY (the loader's mechanism), read it back and drop the table — in the default schema and in
 * the raw schema. It also finds out what is at the other end ({@link ServerReport}: server version, TLS,
 * connection pooler and its mode, Citus) and refuses a pooler in statement mode.
 */
public final class ConnectionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCheck.class);
    private static final String PROBE_DATA = "{\"check\":true}";

    private final ConnectionFactory factory;

    public ConnectionCheck(ConnectionFactory factory) {
        this.factory = requireNonNull(factory, "factory is null");
    }

    /**
     * Runs the check and returns what it found; any failure is thrown (SQLException, ConfigException, ...)
     * for the caller to classify.
     */
    public ServerReport run() throws SQLException {
        DestinationConfig config = factory.config();
        try (Connection connection = factory.open()) {
            ServerReport report = ServerReport.inspect(factory, connection);
            LOG.info("Connected as {}: {}", config.username(), report.describe());
            // The very schemas write uses: normalised like the stream planner names them.
            Set<Identifier> schemas = new LinkedHashSet<>();
            schemas.add(StreamPlanner.finalSchema(null, config));
            schemas.add(StreamPlanner.rawSchema(config));
            for (Identifier schema : schemas) {
                probe(connection, schema);
            }
            return report;
        }
    }

    private void probe(Connection connection, Identifier schema) throws SQLException {
        Schemas.ensure(connection, schema);
        String name = "_airbyte_connection_test_"
                + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        QualifiedName table = new QualifiedName(schema, Identifier.of(name));
        Sql.execute(connection, RawTableSql.create(table));
        try {
            String rawId = UUID.randomUUID().toString();
            copyOneRow(connection, table, rawId);
            readBack(connection, table, rawId);
        } finally {
            Sql.execute(connection, TableSql.dropTable(table, false));
        }
        LOG.info("Check passed for schema {}", schema);
    }

    private void copyOneRow(Connection connection, QualifiedName table, String rawId) throws SQLException {
        String row = rawId + "\t2024-01-01T00:00:00Z\t\\N\t" + PROBE_DATA + "\t{\"changes\":[]}\t0\n";
        try {
            long rows = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(RawTableSql.copy(table), new StringReader(row));
            if (rows != 1) {
                throw new IllegalStateException("COPY into " + table + " wrote " + rows + " rows instead of 1");
            }
        } catch (java.io.IOException e) {
            throw new SQLException(
                    "COPY into " + table + " failed: " + e.getMessage(), SqlStates.CONNECTION_FAILURE, e);
        }
    }

    private static void readBack(Connection connection, QualifiedName table, String rawId) throws SQLException {
        List<String> data = Sql.queryStrings(
                connection, "SELECT _airbyte_data::text FROM " + table.quoted() + " WHERE _airbyte_raw_id = ?", rawId);
        if (data.isEmpty() || !"{\"check\": true}".equals(data.get(0))) {
            throw new IllegalStateException("The row written to " + table + " could not be read back");
        }
    }
}
