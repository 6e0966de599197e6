package io.heropixel.destination.postgres.naming;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.sql.QualifiedName;

/**
 * The SQL of the table registry ({@link StreamRegistry}); pure, every value a bind parameter. One row per
 * stream that ever had tables: the stream's namespace and name as the catalog gives them, its raw table (in
 * the registry's schema) and its final table.
 */
final class RegistrySql {
    /** The class of the connector's advisory locks (the first key; see sync.AdvisoryLocks). */
    static final int LOCK_CLASS = 0x48504453;

    private final QualifiedName table;

    RegistrySql(QualifiedName table) {
        this.table = requireNonNull(table, "table is null");
    }

    /** The registry's table and the indexes of its constraints: no stream may use these names. */
    QualifiedName[] ownNames() {
        return new QualifiedName[] {table, constraint("pkey"), constraint("raw_key"), constraint("final_key")};
    }

    /** A transaction-level advisory lock; bind parameters: the lock class (int) and the registry's name (text). */
    String lockSql() {
        return "SELECT pg_advisory_xact_lock(?, hashtext(?))";
    }

    /** One row when the relation exists; bind parameters: schema name, relation name. */
    String relationExistsSql() {
        return "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?";
    }

    /** One row when the schema exists; bind parameter: schema name. */
    String schemaExistsSql() {
        return "SELECT 1 FROM pg_namespace WHERE nspname = ?";
    }

    String createSchemaSql() {
        return "CREATE SCHEMA IF NOT EXISTS " + table.schema().quoted();
    }

    String createTableSql() {
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                + "stream_namespace text NOT NULL, stream_name text NOT NULL,"
                + " raw_table text NOT NULL, final_schema text NOT NULL, final_table text NOT NULL,"
                + " registered_at timestamp with time zone NOT NULL DEFAULT now(),"
                + " CONSTRAINT " + constraint("pkey").table().quoted() + " PRIMARY KEY (stream_namespace, stream_name),"
                + " CONSTRAINT " + constraint("raw_key").table().quoted() + " UNIQUE (raw_table),"
                + " CONSTRAINT " + constraint("final_key").table().quoted() + " UNIQUE (final_schema, final_table))";
    }

    String selectSql() {
        return "SELECT stream_namespace, stream_name, raw_table, final_schema, final_table FROM " + table.quoted();
    }

    /** Bind parameters: namespace, name, raw table, final schema, final table. Inserts nothing on a conflict. */
    String insertSql() {
        return "INSERT INTO " + table.quoted()
                + " (stream_namespace, stream_name, raw_table, final_schema, final_table) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING";
    }

    /**
     * The (schema, table) pairs of the two text arrays bound that are existing tables (ordinary or
     * partitioned); bind parameters: schema names, table names.
     */
    String existingTablesSql() {
        return "SELECT x.s, x.t FROM unnest(?::text[], ?::text[]) AS x(s, t) WHERE EXISTS (SELECT 1 FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = x.s AND c.relname = x.t"
                + " AND c.relkind IN ('r', 'p'))";
    }

    private QualifiedName constraint(String purpose) {
        return new QualifiedName(table.schema(), StreamPlanner.indexName(table, purpose));
    }
}
