package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** Creates the schemas the connector writes into: the one way, for check, write setup and table preparation. */
public final class Schemas {
    /** Another connection created the schema at the same moment: unique violation, or duplicate schema. */
    private static final Set<String> CREATED_CONCURRENTLY =
            Set.of(SqlStates.UNIQUE_VIOLATION, SqlStates.DUPLICATE_SCHEMA);

    private Schemas() {}

    /**
     * Creates {@code schema} unless it exists. {@code CREATE SCHEMA IF NOT EXISTS} needs the CREATE privilege
     * on the database even when the schema exists, so the schema is looked up first; two connections
     * creating it at the same moment both succeed. Inside a transaction the attempt runs in a savepoint, so
     * a concurrent creation does not abort the caller's transaction.
     */
    public static void ensure(Connection c, Identifier schema) throws SQLException {
        if (exists(c, schema)) {
            return;
        }
        String create = TableSql.createSchema(schema);
        if (!c.getAutoCommit()) {
            Sql.executeTolerating(c, create, CREATED_CONCURRENTLY);
            return;
        }
        try {
            Sql.execute(c, create);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !CREATED_CONCURRENTLY.contains(e.getSQLState())) {
                throw e;
            }
        }
    }

    public static boolean exists(Connection c, Identifier schema) throws SQLException {
        return Sql.queryExists(c, CatalogSql.schemaExists(), schema.name());
    }
}
