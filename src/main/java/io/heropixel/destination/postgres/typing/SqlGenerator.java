package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;

/**
 * The one SQL generator: pure methods that return SQL text. Identifiers are always quoted through
 * {@link Identifier}; values are never part of the text (callers bind them as parameters).
 */
public final class SqlGenerator {

    public String createSchemaSql(Identifier schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + schema.quoted();
    }

    // ---- raw tables -------------------------------------------------------------------------------

    /**
     * The raw table, compatible with Airbyte destination-postgres 2.x. No primary key and no index on the
     * random {@code _airbyte_raw_id} (it halves the load rate); a partial index finds unprocessed rows.
     */
    public String createRawTableSql(QualifiedName table) {
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + " ("
                + "_airbyte_raw_id VARCHAR NOT NULL, "
                + "_airbyte_data JSONB, "
                + "_airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP, "
                + "_airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL, "
                + "_airbyte_meta JSONB, "
                + "_airbyte_generation_id BIGINT)";
    }

    /** COPY of raw rows in text format; the column list guards against column-order drift. */
    public String copyRawSql(QualifiedName table) {
        return "COPY " + table.quoted()
                + " (_airbyte_raw_id, _airbyte_extracted_at, _airbyte_loaded_at, _airbyte_data, _airbyte_meta,"
                + " _airbyte_generation_id) FROM STDIN";
    }

    // ---- write path: table targets, locks (used by sync.StreamSetup) -------------------------------

    /** One bind parameter: the quoted, qualified table name; answers whether the table exists. */
    public String tableExistsSql() {
        return "SELECT to_regclass(?) IS NOT NULL";
    }

    /** The generation of one row (any), to tell whether a table holds rows of the current generation. */
    public String anyRowGenerationSql(QualifiedName table) {
        return "SELECT _airbyte_generation_id FROM " + table.quoted() + " LIMIT 1";
    }

    public String dropTableIfExistsSql(QualifiedName table, boolean cascade) {
        return "DROP TABLE IF EXISTS " + table.quoted() + (cascade ? " CASCADE" : "");
    }

    /** Marks every raw row as not yet typed, so a freshly created final table receives all of them. */
    public String resetLoadedAtSql(QualifiedName rawTable) {
        return "UPDATE " + rawTable.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_loaded_at IS NOT NULL";
    }

    /**
     * A session advisory lock; bind parameters: a class id (int) and the raw table's qualified name (text).
     * Two syncs of the same stream then run one after the other.
     */
    public String advisoryLockSql() {
        return "SELECT pg_advisory_lock(?, hashtext(?))";
    }

    /** Like {@link #advisoryLockSql()} but answers at once with whether the lock was obtained. */
    public String tryAdvisoryLockSql() {
        return "SELECT pg_try_advisory_lock(?, hashtext(?))";
    }
}
