package io.heropixel.destination.postgres.naming;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.error.TransientException;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table registry (docs/naming.md): a table in the raw schema that maps every stream that ever had
 * tables to its raw and final table, so a stream keeps its tables whatever other streams come and go.
 * {@link #resolve} reads it, registers the catalog's new streams and returns the plans, in one transaction
 * under an advisory lock, so two syncs registering at once cannot give two streams the same tables.
 */
public final class StreamRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);
    /** The registry's table name, in the raw schema. */
    public static final String TABLE = "_heropixel_stream_tables";

    private StreamRegistry() {}

    /** The registry table of a config: {@code <raw schema>._heropixel_stream_tables}. */
    public static QualifiedName table(DestinationConfig config) {
        return new QualifiedName(StreamPlanner.rawSchema(config), Identifier.of(TABLE));
    }

    /** The plans of the catalog's streams, in catalog order, with the tables the registry gives them. */
    public static List<StreamPlan> resolve(Connection c, List<ConfiguredStream> streams, DestinationConfig config)
            throws SQLException {
        StreamPlanner.validate(streams, config);
        QualifiedName table = table(config);
        RegistrySql sql = new RegistrySql(table);
        return Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            try (PreparedStatement lock = c.prepareStatement(sql.lockSql())) {
                lock.setInt(1, RegistrySql.LOCK_CLASS);
                lock.setString(2, table.quoted());
                lock.execute();
            }
            ensureTable(c, sql, table);
            Map<StreamKey, StreamTables> registered = read(c, sql, table.schema());
            Set<QualifiedName> existing =
                    existing(c, sql, TableAssigner.adoptionCandidates(streams, config, registered.keySet()));
            TableAssigner.Assignment assignment =
                    TableAssigner.assign(streams, config, registered, Set.of(sql.ownNames()), existing);
            register(c, sql, assignment.added());
            return StreamPlanner.plans(streams, assignment.tables(), config.directLoad());
        });
    }

    /** Creates the raw schema and the registry table when missing (checked first: creating needs CREATE). */
    private static void ensureTable(Connection c, RegistrySql sql, QualifiedName table) throws SQLException {
        if (exists(c, sql, table)) {
            return;
        }
        if (!schemaExists(c, sql, table.schema())) {
            // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists: checked first
            Savepoint savepoint = c.setSavepoint();
            try (Statement statement = c.createStatement()) {
                statement.execute(sql.createSchemaSql());
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                // another connection created the schema at the same moment
                if (!SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())
                        && !SqlStates.DUPLICATE_SCHEMA.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(savepoint);
            }
        }
        try (Statement statement = c.createStatement()) {
            statement.execute(sql.createTableSql());
        }
        LOG.info("Created the table registry {}", table);
    }

    private static boolean schemaExists(Connection c, RegistrySql sql, Identifier schema) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql.schemaExistsSql())) {
            statement.setString(1, schema.name());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean exists(Connection c, RegistrySql sql, QualifiedName table) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql.relationExistsSql())) {
            statement.setString(1, table.schema().name());
            statement.setString(2, table.table().name());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<StreamKey, StreamTables> read(Connection c, RegistrySql sql, Identifier rawSchema)
            throws SQLException {
        Map<StreamKey, StreamTables> rows = new LinkedHashMap<>();
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql.selectSql())) {
            while (rs.next()) {
                StreamKey key = new StreamKey(rs.getString(1), rs.getString(2));
                try {
                    rows.put(
                            key,
                            new StreamTables(
                                    QualifiedName.of(rs.getString(4), rs.getString(5)),
                                    new QualifiedName(rawSchema, Identifier.of(rs.getString(3)))));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new ConfigException("The row of stream " + key + " in the table registry "
                            + sql.ownNames()[0] + " names an invalid table (" + e.getMessage()
                            + "). Fix the row, or delete it to have the stream's tables planned again at the next"
                            + " sync.");
                }
            }
        }
        return rows;
    }

    private static Set<QualifiedName> existing(Connection c, RegistrySql sql, List<QualifiedName> candidates)
            throws SQLException {
        Set<QualifiedName> existing = new HashSet<>();
        if (candidates.isEmpty()) {
            return existing;
        }
        try (PreparedStatement statement = c.prepareStatement(sql.existingTablesSql())) {
            statement.setArray(
                    1,
                    c.createArrayOf(
                            "text",
                            candidates.stream().map(n -> n.schema().name()).toArray()));
            statement.setArray(
                    2,
                    c.createArrayOf(
                            "text",
                            candidates.stream().map(n -> n.table().name()).toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    existing.add(QualifiedName.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return existing;
    }

    private static void register(Connection c, RegistrySql sql, Map<StreamKey, StreamTables> added)
            throws SQLException {
        if (added.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(sql.insertSql())) {
            for (Map.Entry<StreamKey, StreamTables> entry : added.entrySet()) {
                StreamTables tables = entry.getValue();
                insert.setString(1, entry.getKey().namespace());
                insert.setString(2, entry.getKey().name());
                insert.setString(3, tables.rawTable().table().name());
                insert.setString(4, tables.finalTable().schema().name());
                insert.setString(5, tables.finalTable().table().name());
                if (insert.executeUpdate() != 1) {
                    throw new TransientException("Another process registered tables for stream " + entry.getKey()
                            + " (or its table names) at the same moment, without this connector's lock. Retry"
                            + " the sync.");
                }
                LOG.info(
                        "Stream {}: registered its tables {} and {}",
                        entry.getKey(),
                        tables.finalTable(),
                        tables.rawTable());
            }
        }
    }
}
