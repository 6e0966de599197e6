package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one SQL generator: pure methods that return SQL text. Identifiers are always quoted through
 * {@link Identifier}; values are never part of the text: statements that need them return a {@link
 * BoundSql} whose parameters the caller binds (record property names included).
 */
public final class SqlGenerator {
    /** The per-transaction table holding one dedup batch (winners per key). */
    static final String BATCH = "pg_temp._airbyte_batch";

    static final String RAW_COLUMNS =
            "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_generation_id, _airbyte_meta, _airbyte_data";
    private static final String META_COLUMNS =
            "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id";

    public String createSchemaSql(Identifier schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + schema.quoted();
    }

    /** Bind: schema name. Returns one row when the schema exists. */
    public String schemaExistsSql() {
        return "SELECT 1 FROM pg_namespace WHERE nspname = ?";
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

    /** COPY of raw rows in binary format (see {@code load.RawRowEncoder}), same columns as {@link #copyRawSql}. */
    public String copyRawBinarySql(QualifiedName table) {
        return copyRawSql(table) + " (FORMAT binary)";
    }

    /**
     * COPY of rows typed while loading, in binary format: the columns in order, then the meta columns
     * (see {@code load.RecordTyper}).
     */
    public String copyTypedSql(QualifiedName table, List<TypedColumn> columns) {
        return "COPY " + table.quoted() + " (" + columnList(columns) + ") FROM STDIN (FORMAT binary)";
    }

    /**
     * The staging table of rows typed while loading: the final table's columns, no index, and no
     * autovacuum (it is emptied by every typing pass; vacuuming it while it fills only costs CPU).
     */
    public String createStagingTableSql(QualifiedName staging, QualifiedName finalTable) {
        return "CREATE TABLE " + staging.quoted() + " (LIKE " + finalTable.quoted() + ")" + NO_AUTOVACUUM;
    }

    private static final String NO_AUTOVACUUM = " WITH (autovacuum_enabled = false, toast.autovacuum_enabled = false)";

    /** A staging table that becomes a final table gets the default autovacuum back. */
    public String resetAutovacuumSql(QualifiedName table) {
        return "ALTER TABLE " + table.quoted() + " RESET (autovacuum_enabled, toast.autovacuum_enabled)";
    }

    public String setSchemaSql(QualifiedName table, Identifier schema) {
        return "ALTER TABLE " + table.quoted() + " SET SCHEMA " + schema.quoted();
    }

    /**
     * Dedup in place: deletes every row of {@code table} but the newest per primary key (cursor DESC NULLS
     * LAST, then extracted_at DESC; NULL keys form one group, as with DISTINCT ON). Returns one row: rows
     * deleted, values nulled by type errors in the rows deleted.
     */
    public String deleteOlderVersionsSql(
            QualifiedName table, List<Identifier> primaryKey, Optional<Identifier> cursor, boolean inAddressOrder) {
        String key = primaryKey.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
        String order = cursor.map(c -> c.quoted() + " DESC NULLS LAST, ").orElse("") + "_airbyte_extracted_at DESC";
        return "WITH _ab_deleted AS (DELETE FROM " + table.quoted() + " t USING (SELECT _ab_row FROM (SELECT ctid AS"
                + " _ab_row, row_number() OVER (PARTITION BY " + key + " ORDER BY " + order + ") AS _ab_rn FROM "
                + table.quoted() + ") AS _ab_ranked WHERE _ab_rn > 1" + (inAddressOrder ? " ORDER BY _ab_row" : "")
                + ") AS _ab_older WHERE t.ctid = _ab_older._ab_row"
                + " RETURNING " + nulledCount("t._airbyte_meta") + " AS _ab_nulled)"
                + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_deleted";
    }

    /**
     * What a drop-and-rename of the bound table (quoted, qualified name) would lose that {@code CREATE TABLE
     * ... (LIKE ...)} does not copy: indexes other than the two bound names (the connector's, unqualified),
     * constraints other than NOT NULL, column defaults, and sequences it owns (serial, identity). One row,
     * one count; 0 when there is nothing. Binds: table, index name, index name, table, table, table.
     */
    public String tableDefinitionExtrasSql() {
        return "SELECT (SELECT count(*) FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                + " WHERE i.indrelid = to_regclass(?) AND x.relname NOT IN (?, ?))"
                + " + (SELECT count(*) FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype <> 'n')"
                + " + (SELECT count(*) FROM pg_attrdef WHERE adrelid = to_regclass(?))"
                + " + (SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refobjid = to_regclass(?) AND s.relkind = 'S')";
    }

    /** Rows of a staging table and values nulled by type errors in them (one row, two numbers). */
    public String countStagedSql(QualifiedName staging) {
        return "SELECT count(*), COALESCE(sum(" + nulledCount("_airbyte_meta") + "), 0) FROM " + staging.quoted();
    }

    /**
     * For the rest of the transaction, or until {@link #defaultSortMemorySql}: 64 MB per sort, so the
     * in-place dedup of a large staging table sorts in memory or in few passes (see docs/benchmarks.md).
     */
    public String sortMemorySql() {
        return "SET LOCAL work_mem = '64MB'";
    }

    public String defaultSortMemorySql() {
        return "SET LOCAL work_mem TO DEFAULT";
    }

    /**
     * Raw rows whose typed rows were left in a staging table by an interrupted sync are marked not typed,
     * so typing takes them from the raw table again.
     */
    public String resetLoadedAtOfStagedSql(QualifiedName raw, QualifiedName staging) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_loaded_at IS NOT NULL"
                + " AND _airbyte_raw_id IN (SELECT _airbyte_raw_id FROM " + staging.quoted() + ")";
    }

    /** Taken before a transaction's first query, so its snapshot sees every row committed before. */
    public String lockExclusiveSql(QualifiedName table) {
        return "LOCK TABLE " + table.quoted() + " IN ACCESS EXCLUSIVE MODE";
    }

    /** Adds a nullable column unless it exists (Postgres 9.6+). */
    public String addColumnIfMissingSql(QualifiedName table, Identifier column, String sqlType) {
        return "ALTER TABLE " + table.quoted() + " ADD COLUMN IF NOT EXISTS " + column.quoted() + " " + sqlType;
    }

    /** The partial index that finds rows not yet typed. */
    public String createUnprocessedIndexSql(Identifier index, QualifiedName raw) {
        return "CREATE INDEX IF NOT EXISTS " + index.quoted() + " ON " + raw.quoted()
                + " (_airbyte_extracted_at) WHERE _airbyte_loaded_at IS NULL";
    }

    /**
     * The partial index on the primary key of CDC deletion records, for the anti-resurrection lookup. An
     * index expression cannot take parameters, so this is a query: Postgres itself quotes the bound names
     * ({@code format} with {@code %I} and {@code %L}) and returns the DDL to run. Binds: index name, schema,
     * table, then each primary-key property name.
     */
    public BoundSql createDeletionIndexDdlQuery(Identifier index, QualifiedName raw, List<String> primaryKey) {
        List<String> expressions = new ArrayList<>();
        for (int i = 0; i < primaryKey.size(); i++) {
            expressions.add("(_airbyte_data ->> %L)");
        }
        SqlText query = new SqlText()
                .add("SELECT format(")
                .param("CREATE INDEX IF NOT EXISTS %I ON %I.%I (" + String.join(", ", expressions) + ") WHERE "
                        + DeletionLookup.isDeletion(""))
                .add(", ")
                .param(index.name())
                .add(", ")
                .param(raw.schema().name())
                .add(", ")
                .param(raw.table().name());
        for (String key : primaryKey) {
            query.add(", ").param(key);
        }
        return query.add(")").bound();
    }

    // ---- final tables -----------------------------------------------------------------------------

    /** The final table: user columns in schema order, then the meta columns; no primary key. */
    public String createFinalTableSql(QualifiedName table, List<ColumnPlan> columns, boolean unconstrainedNumber) {
        List<String> defs = new ArrayList<>();
        for (ColumnPlan column : columns) {
            defs.add(column.column().quoted() + " " + ColumnTypes.ddlType(column.type(), unconstrainedNumber));
        }
        defs.add("_airbyte_raw_id varchar(36) NOT NULL");
        defs.add("_airbyte_extracted_at timestamp with time zone NOT NULL");
        defs.add("_airbyte_meta jsonb NOT NULL");
        defs.add("_airbyte_generation_id bigint");
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + " (" + String.join(", ", defs) + ")";
    }

    /** Binds: schema name, table name. Rows: column name, {@code format_type} text, in column order. */
    public String columnTypesSql() {
        return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    }

    public String alterColumnTypeSql(QualifiedName table, Identifier column, String sqlType, String using) {
        return "ALTER TABLE " + table.quoted() + " ALTER COLUMN " + column.quoted() + " TYPE " + sqlType + " USING "
                + using;
    }

    public String createIndexSql(Identifier index, QualifiedName table, List<Identifier> columns) {
        return "CREATE INDEX IF NOT EXISTS " + index.quoted() + " ON " + table.quoted() + " ("
                + columns.stream().map(Identifier::quoted).collect(Collectors.joining(", ")) + ")";
    }

    public String dropTableSql(QualifiedName table, boolean cascade) {
        return "DROP TABLE IF EXISTS " + table.quoted() + (cascade ? " CASCADE" : "");
    }

    public String renameTableSql(QualifiedName table, Identifier newName) {
        return "ALTER TABLE " + table.quoted() + " RENAME TO " + newName.quoted();
    }

    public String renameIndexSql(Identifier schema, Identifier index, Identifier newName) {
        return "ALTER INDEX IF EXISTS " + schema.quoted() + "." + index.quoted() + " RENAME TO " + newName.quoted();
    }

    // ---- typing and deduping ----------------------------------------------------------------------

    /** Session settings for one typing transaction: instants without offset are UTC; ISO dates. */
    public String timeZoneUtcSql() {
        return "SET LOCAL TimeZone = 'UTC'";
    }

    public String dateStyleSql() {
        return "SET LOCAL DateStyle = 'ISO, MDY'";
    }

    /**
     * {@code pg_temp.airbyte_safe_cast(text, type name, NULL::type)}: the value cast to the type, or NULL
     * when it does not fit. PL/pgSQL with an exception block; works on Postgres 9.6 and later. Needs the
     * TEMPORARY privilege.
     */
    public String createSafeCastFunctionSql() {
        return "CREATE OR REPLACE FUNCTION " + TypedSelect.SAFE_CAST
                + "(_in text, _type text, INOUT _out anyelement) AS $airbyte$\n"
                + "BEGIN\n"
                + "  EXECUTE 'SELECT CAST($1 AS ' || _type || ')' INTO _out USING _in;\n"
                + "EXCEPTION WHEN others THEN\n"
                + "  _out := NULL;\n"
                + "END;\n"
                + "$airbyte$ LANGUAGE plpgsql";
    }

    /**
     * Append: types every unprocessed raw row into the target. Returns one row: rows inserted, values
     * nulled by type errors.
     */
    public BoundSql insertAppendSql(QualifiedName target, QualifiedName raw, List<TypedColumn> columns, CastMode mode) {
        SqlText source = new SqlText()
                .add("(SELECT " + RAW_COLUMNS + " FROM " + raw.quoted()
                        + " WHERE _airbyte_loaded_at IS NULL) AS _ab_raw");
        return new SqlText()
                .add("WITH _ab_inserted AS (INSERT INTO " + target.quoted() + " (" + columnList(columns) + ") ")
                .add(TypedSelect.select(source, columns, mode))
                .add(" RETURNING " + nulledCount("_airbyte_meta") + " AS _ab_nulled)"
                        + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_inserted")
                .bound();
    }

    /** Marks the rows of this transaction's snapshot as typed. */
    public String markLoadedSql(QualifiedName raw) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = now() WHERE _airbyte_loaded_at IS NULL";
    }

    /** Raw rows not yet typed (one row, one count); with {@link #indexScanOnlySql} through the partial index. */
    public String countUnprocessedSql(QualifiedName raw) {
        return "SELECT count(*) FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL";
    }

    /** For one transaction: plain index scans only (no sequential or bitmap scans). */
    public List<String> indexScanOnlySql() {
        return List.of("SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off");
    }

    public String createBatchTableSql(QualifiedName target) {
        return "CREATE TEMP TABLE _airbyte_batch ON COMMIT DROP AS SELECT * FROM " + target.quoted() + " WITH NO DATA";
    }

    /**
     * Dedup, step 1: the newest version per primary key among the unprocessed raw rows (cursor DESC NULLS
     * LAST, then extracted_at DESC) into the batch table. With {@code deletionKeys} (the original names of
     * the primary key of a CDC stream), loaded deletion records with the same keys join the batch so an
     * older record arriving later does not bring a deleted row back; {@code nullableDeletionKeys} adds the
     * (unindexed) NULL-to-NULL lookup, only needed when a new row has a NULL key component.
     */
    public BoundSql insertBatchSql(
            QualifiedName raw,
            List<TypedColumn> columns,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor,
            List<String> deletionKeys,
            boolean nullableDeletionKeys,
            CastMode mode) {
        String newRows = "SELECT " + RAW_COLUMNS + " FROM " + raw.quoted() + " WHERE _airbyte_loaded_at IS NULL";
        SqlText source = new SqlText().add("(" + newRows);
        if (!deletionKeys.isEmpty()) {
            source.add(" UNION ALL ").add(DeletionLookup.deletionsByKey(raw, deletionKeys));
            if (nullableDeletionKeys) {
                source.add(" UNION ALL ")
                        .add(DeletionLookup.deletionsByNullableKey(
                                raw, DeletionLookup.keyColumns(columns, deletionKeys), mode));
            }
        }
        source.add(") AS _ab_raw");
        return new SqlText()
                .add("INSERT INTO " + BATCH + " (" + columnList(columns) + ") SELECT " + columnList(columns) + " FROM ")
                .add(newestPerKey(TypedSelect.select(source, columns, mode), primaryKey, cursor))
                .bound();
    }

    /**
     * Dedup of a first typing into an EMPTY final table (no CDC deletions): the newest version per key of
     * the unprocessed raw rows straight into the final table, without the batch table and its joins.
     * Returns one row: rows inserted, values nulled by type errors.
     */
    public BoundSql insertDedupedIntoEmptySql(
            QualifiedName target,
            QualifiedName raw,
            List<TypedColumn> columns,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor,
            CastMode mode) {
        SqlText source = new SqlText()
                .add("(SELECT " + RAW_COLUMNS + " FROM " + raw.quoted()
                        + " WHERE _airbyte_loaded_at IS NULL) AS _ab_raw");
        return new SqlText()
                .add("WITH _ab_inserted AS (INSERT INTO " + target.quoted() + " (" + columnList(columns) + ") SELECT "
                        + columnList(columns) + " FROM ")
                .add(newestPerKey(TypedSelect.select(source, columns, mode), primaryKey, cursor))
                .add(" RETURNING " + nulledCount("_airbyte_meta") + " AS _ab_nulled)"
                        + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_inserted")
                .bound();
    }

    /** Dedup, step 1, from a staging table of typed rows: the newest version per key into the batch table. */
    public String insertBatchFromStagingSql(
            QualifiedName staging,
            List<TypedColumn> columns,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor) {
        return new SqlText()
                .add("INSERT INTO " + BATCH + " (" + columnList(columns) + ") SELECT " + columnList(columns) + " FROM ")
                .add(newestPerKey(stagedRows(staging, columns), primaryKey, cursor))
                .bound()
                .sql();
    }

    /**
     * Like {@link #insertDedupedIntoEmptySql} from a staging table of typed rows. Returns one row: rows
     * inserted, values nulled by type errors.
     */
    public BoundSql insertDedupedFromStagingSql(
            QualifiedName target,
            QualifiedName staging,
            List<TypedColumn> columns,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor) {
        return new SqlText()
                .add("WITH _ab_inserted AS (INSERT INTO " + target.quoted() + " (" + columnList(columns) + ") SELECT "
                        + columnList(columns) + " FROM ")
                .add(newestPerKey(stagedRows(staging, columns), primaryKey, cursor))
                .add(" RETURNING " + nulledCount("_airbyte_meta") + " AS _ab_nulled)"
                        + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_inserted")
                .bound();
    }

    private static SqlText stagedRows(QualifiedName staging, List<TypedColumn> columns) {
        return new SqlText().add("SELECT " + columnList(columns) + " FROM " + staging.quoted());
    }

    /**
     * The newest row per primary key of a typed select (cursor DESC NULLS LAST, then extracted_at DESC; NULL
     * keys form one group), as a FROM item. DISTINCT ON: one sort, no window.
     */
    private static SqlText newestPerKey(SqlText typed, List<Identifier> primaryKey, Optional<Identifier> cursor) {
        String key = primaryKey.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
        String order = cursor.map(c -> c.quoted() + " DESC NULLS LAST, ").orElse("") + "_airbyte_extracted_at DESC";
        return new SqlText()
                .add("(SELECT DISTINCT ON (" + key + ") * FROM (")
                .add(typed)
                .add(") AS _ab_t ORDER BY " + key + ", " + order + ") AS _ab_n");
    }

    /**
     * 1 when an unprocessed raw row has a primary-key component that is NULL once typed (missing, JSON null,
     * or a value that does not fit its column), else 0.
     */
    public BoundSql newRowsWithNullKeySql(
            QualifiedName raw, List<TypedColumn> columns, List<String> primaryKey, CastMode mode) {
        return DeletionLookup.newRowsWithNullTypedKey(raw, DeletionLookup.keyColumns(columns, primaryKey), mode)
                .bound();
    }

    /** 1 when a batch row has a NULL primary-key component, else 0. */
    public String batchHasNullKeySql(List<Identifier> primaryKey) {
        return "SELECT (EXISTS (SELECT 1 FROM " + BATCH + " WHERE "
                + primaryKey.stream().map(k -> k.quoted() + " IS NULL").collect(Collectors.joining(" OR "))
                + "))::int";
    }

    /** The planner's estimate of the rows of a table (one row, one number); -1 or 0 when unknown. */
    public BoundSql estimatedRowsSql(QualifiedName table) {
        return new SqlText()
                .add("SELECT COALESCE((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(")
                .param(table.quoted())
                .add(")), -1)")
                .bound();
    }

    /** For the rest of the transaction: joins as nested loops (over an index), not hash or merge joins. */
    public List<String> nestedLoopJoinsSql() {
        return List.of("SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off");
    }

    /** Undoes {@link #nestedLoopJoinsSql} for the rest of the transaction. */
    public List<String> defaultJoinsSql() {
        return List.of("SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT");
    }

    public String analyzeBatchSql() {
        return "ANALYZE " + BATCH;
    }

    /** Values nulled by type errors in the batch (one row, one count). */
    public String countBatchNulledSql() {
        return "SELECT COALESCE(sum(" + nulledCount("_airbyte_meta") + "), 0) FROM " + BATCH;
    }

    /**
     * Dedup, step 2: deletes final rows that a batch row replaces (same key, batch row newer or equal).
     * {@code nullKeys} false: keys without NULL components, joined with {@code =} (index-friendly); true:
     * keys with a NULL component, matched NULL-to-NULL. Returns one row: how many of the deleted rows were
     * replaced by a CDC deletion record ({@code cdcDeletedAt} not NULL in the batch row), 0 without CDC.
     */
    public String deleteReplacedFinalRowsSql(
            QualifiedName target,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor,
            Optional<Identifier> cdcDeletedAt,
            boolean nullKeys) {
        String deletion =
                cdcDeletedAt.map(c -> "b." + c.quoted() + " IS NOT NULL").orElse("false");
        return "WITH _ab_deleted AS (DELETE FROM " + target.quoted() + " f USING " + BATCH + " b WHERE "
                + keyMatch(primaryKey, nullKeys) + " AND " + batchNewerOrEqual(cursor) + " RETURNING " + deletion
                + " AS _ab_deletion) SELECT count(*) FILTER (WHERE _ab_deletion) FROM _ab_deleted";
    }

    /** Dedup, step 3: drops batch rows whose key still has a (newer) final row. */
    public String deleteStaleBatchRowsSql(QualifiedName target, List<Identifier> primaryKey, boolean nullKeys) {
        return "DELETE FROM " + BATCH + " b USING " + target.quoted() + " f WHERE " + keyMatch(primaryKey, nullKeys);
    }

    /** Dedup, step 4 (CDC): winning deletion records are not inserted (hard delete). */
    public String deleteDeletionRowsFromBatchSql(Identifier cdcDeletedAt) {
        return "DELETE FROM " + BATCH + " WHERE " + cdcDeletedAt.quoted() + " IS NOT NULL";
    }

    /** Dedup, step 5: the remaining winners into the final table. */
    public String insertFromBatchSql(QualifiedName target, List<TypedColumn> columns) {
        return "INSERT INTO " + target.quoted() + " (" + columnList(columns) + ") SELECT " + columnList(columns)
                + " FROM " + BATCH;
    }

    private static String keyMatch(List<Identifier> primaryKey, boolean nullKeys) {
        List<String> parts = new ArrayList<>();
        List<String> anyNull = new ArrayList<>();
        for (Identifier key : primaryKey) {
            String k = key.quoted();
            parts.add(nullKeys ? "f." + k + " IS NOT DISTINCT FROM b." + k : "f." + k + " = b." + k);
            anyNull.add("b." + k + " IS NULL");
        }
        String match = String.join(" AND ", parts);
        return nullKeys ? "(" + String.join(" OR ", anyNull) + ") AND " + match : match;
    }

    private static String batchNewerOrEqual(Optional<Identifier> cursor) {
        String extractedAt = "b._airbyte_extracted_at >= f._airbyte_extracted_at";
        if (cursor.isEmpty()) {
            return extractedAt;
        }
        String c = cursor.get().quoted();
        return "(b." + c + " > f." + c + " OR (b." + c + " IS NOT NULL AND f." + c + " IS NULL) OR ((b." + c + " = f."
                + c + " OR (b." + c + " IS NULL AND f." + c + " IS NULL)) AND " + extractedAt + "))";
    }

    /** Changes of type errors in one meta value; rows without changes (nearly all) skip the subquery. */
    private static String nulledCount(String meta) {
        return "CASE WHEN " + meta + " -> 'changes' = '[]'::jsonb THEN 0 ELSE"
                + " (SELECT count(*) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" + meta
                + " -> 'changes') = 'array' THEN " + meta + " -> 'changes' ELSE '[]'::jsonb END) AS _ab_e"
                + " WHERE _ab_e ->> 'reason' = 'DESTINATION_TYPECAST_ERROR') END";
    }

    private static String columnList(List<TypedColumn> columns) {
        List<String> names = new ArrayList<>();
        for (TypedColumn column : columns) {
            names.add(column.column().quoted());
        }
        names.add(META_COLUMNS);
        return String.join(", ", names);
    }

    // ---- replacing a table (truncate refresh swap, key-change rebuild) ------------------------------

    /** The schema-qualified name of the relation of a rewrite rule {@code r}. */
    private static final String RELATION_NAME = "(SELECT format('%I.%I', n.nspname, v.relname) FROM pg_class v"
            + " JOIN pg_namespace n ON n.oid = v.relnamespace WHERE v.oid = r.ev_class)";

    /**
     * Every object that {@code DROP TABLE ... CASCADE} of the bound table (quoted, qualified name) would
     * drop: views and materialized views (also views on those views), foreign keys of other tables, and
     * any other object with a normal dependency. One row per object, described.
     */
    public String dependentObjectsSql() {
        return "WITH RECURSIVE deps(classid, objid, objsubid, depth) AS ("
                + "SELECT d.classid, d.objid, d.objsubid, 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid = to_regclass(?) AND d.deptype = 'n'"
                + " UNION SELECT d.classid, d.objid, d.objsubid, deps.depth + 1 FROM deps"
                + " JOIN pg_rewrite r ON deps.classid = 'pg_rewrite'::regclass AND r.oid = deps.objid"
                + " JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = r.ev_class"
                + " AND d.deptype = 'n' WHERE deps.depth < 32)"
                + " SELECT DISTINCT CASE WHEN deps.classid = 'pg_rewrite'::regclass THEN (SELECT CASE c.relkind"
                + " WHEN 'm' THEN 'materialized view ' WHEN 'v' THEN 'view ' ELSE 'rule on ' END"
                + " || " + RELATION_NAME + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class"
                + " WHERE r.oid = deps.objid) ELSE pg_describe_object(deps.classid, deps.objid, deps.objsubid) END"
                + " AS description FROM deps ORDER BY 1";
    }

    /**
     * What a drop-and-rename would lose besides dependent objects: grants, comments, another owner,
     * triggers, row security, storage options, a non-plain table kind. Bind: the quoted, qualified name.
     * One row: a comma-separated list, empty when there is nothing to keep.
     */
    public String tablePropertiesSql() {
        return "SELECT concat_ws(', ',"
                + " CASE WHEN c.relacl IS NOT NULL THEN 'grants' END,"
                + " CASE WHEN EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = c.oid"
                + " AND d.classoid = 'pg_class'::regclass) THEN 'comments' END,"
                + " CASE WHEN c.relowner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)"
                + " THEN 'owner' END,"
                + " CASE WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)"
                + " THEN 'triggers' END,"
                + " CASE WHEN c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)"
                + " THEN 'row security' END,"
                + " CASE WHEN c.reloptions IS NOT NULL THEN 'storage options' END,"
                + " CASE WHEN c.relkind <> 'r' THEN 'table kind' END)"
                + " FROM pg_class c WHERE c.oid = to_regclass(?)";
    }

    /** Foreign keys of other tables that reference the bound table: "constraint on table", one per row. */
    public String referencingForeignKeysSql() {
        return "SELECT format('%I on %s', conname, conrelid::regclass) FROM pg_constraint WHERE contype = 'f'"
                + " AND confrelid = to_regclass(?) ORDER BY 1";
    }

    /** Views and rules that use one column. Binds: the table's quoted, qualified name, the column name. */
    public String viewsUsingColumnSql() {
        return "SELECT DISTINCT " + RELATION_NAME + " FROM pg_depend d"
                + " JOIN pg_rewrite r ON r.oid = d.objid"
                + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid = to_regclass(?) AND a.attname = ? AND r.ev_class <> d.refobjid ORDER BY 1";
    }

    /** The plain columns of an index, in index order. Bind: the index's quoted, qualified name. */
    public String indexColumnsSql() {
        return "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                + " AND a.attnum = ANY (i.indkey) WHERE i.indexrelid = to_regclass(?)"
                + " ORDER BY array_position(i.indkey::int2[], a.attnum)";
    }

    /** Each index of the bound table: its plain columns joined with U+0001, in index order. */
    public String indexColumnListsSql() {
        return "SELECT string_agg(a.attname, chr(1) ORDER BY array_position(i.indkey::int2[], a.attnum))"
                + " FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                + " WHERE i.indrelid = to_regclass(?) GROUP BY i.indexrelid";
    }

    /** One row: 1 when the table has a row, else 0. */
    public String hasRowsSql(QualifiedName table) {
        return "SELECT (EXISTS (SELECT 1 FROM " + table.quoted() + "))::int";
    }

    public String deleteAllRowsSql(QualifiedName table) {
        return "DELETE FROM " + table.quoted();
    }

    public String dropIndexSql(Identifier schema, Identifier index) {
        return "DROP INDEX IF EXISTS " + schema.quoted() + "." + index.quoted();
    }

    public String truncateSql(QualifiedName table) {
        return "TRUNCATE TABLE " + table.quoted();
    }

    /** Copies every row of {@code source} into {@code target}, naming the columns (the target may have more). */
    public String copyRowsSql(QualifiedName source, QualifiedName target, List<Identifier> columns) {
        String list = columns.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
        return "INSERT INTO " + target.quoted() + " (" + list + ") SELECT " + list + " FROM " + source.quoted();
    }

    /** Raw rows of an interrupted truncate moved into the raw table, to be typed again. */
    public String moveRawRowsSql(QualifiedName source, QualifiedName target) {
        String columns = "_airbyte_raw_id, _airbyte_data, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id";
        return "INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + columns + " FROM " + source.quoted();
    }

    /** Marks the raw rows of the generations found in {@code typedInto} as not yet typed. */
    public String resetLoadedAtOfGenerationsSql(QualifiedName raw, QualifiedName typedInto) {
        return "UPDATE " + raw.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_generation_id IN (SELECT"
                + " DISTINCT _airbyte_generation_id FROM " + typedInto.quoted() + ")";
    }

    /** The columns an empty table gets in a new type (no value needs converting). */
    public String retypeEmptyColumnSql(QualifiedName table, Identifier column, String sqlType) {
        return alterColumnTypeSql(table, column, sqlType, "NULL::" + sqlType);
    }

    // ---- write path: table targets, locks (used by sync.StreamSetup) -------------------------------

    /** One bind parameter: the quoted, qualified table name; answers whether the table exists. */
    public String tableExistsSql() {
        return "SELECT to_regclass(?) IS NOT NULL";
    }

    /** The generation of one row (any), to tell whether a table holds rows of the current generation. */
    public String anyRowGenerationSql(QualifiedName table) {
        // through jsonb, so a table of Airbyte 2.x without the column reads as generation NULL
        return "SELECT (to_jsonb(_ab_t) ->> '_airbyte_generation_id')::bigint FROM " + table.quoted()
                + " AS _ab_t LIMIT 1";
    }

    /** Marks every raw row as not yet typed, so a freshly created final table receives all of them. */
    public String resetLoadedAtSql(QualifiedName rawTable) {
        return "UPDATE " + rawTable.quoted() + " SET _airbyte_loaded_at = NULL WHERE _airbyte_loaded_at IS NOT NULL";
    }

    /**
     * A transaction-scoped advisory lock; bind parameters: a class id (int) and the raw table's qualified
     * name (text). Held until the transaction that took it ends, so it needs no session and holds through a
     * transaction pooler (which keeps one server connection for the whole transaction). Two syncs of the
     * same stream then run one after the other.
     */
    public String advisoryLockSql() {
        return "SELECT pg_advisory_xact_lock(?, hashtext(?))";
    }

    /** Like {@link #advisoryLockSql()} but answers at once with whether the lock was obtained. */
    public String tryAdvisoryLockSql() {
        return "SELECT pg_try_advisory_xact_lock(?, hashtext(?))";
    }

    /**
     * For the transaction that holds the sync's locks, which stays idle for the whole sync: the server's
     * {@code idle_in_transaction_session_timeout} must not end it (and release the locks).
     */
    public String keepIdleTransactionSql() {
        return "SET LOCAL idle_in_transaction_session_timeout = 0";
    }

    /** Starts a transaction's isolation level (before its first query; no session setting is changed). */
    public String isolationSql(boolean repeatableRead) {
        return "SET TRANSACTION ISOLATION LEVEL " + (repeatableRead ? "REPEATABLE READ" : "READ COMMITTED");
    }

    /**
     * Run just before COMMIT: when the server's {@code synchronous_commit} is {@code off}, raises it to
     * {@code local} for this transaction only, so the COMMIT returns once its data is on disk (a STATE
     * echoed after it survives a crash). Stronger settings such as {@code remote_apply} are kept.
     */
    public String durableCommitSql() {
        return "SELECT set_config('synchronous_commit', 'local', true)"
                + " WHERE current_setting('synchronous_commit') = 'off'";
    }
}
