package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SqlText;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL of the dedup pass: the newest version per primary key (cursor DESC NULLS LAST, then extracted_at
 * DESC; NULL keys form one group, as with DISTINCT ON) goes through a per-transaction batch table into the
 * final table, replacing older final rows; CDC deletion records remove their key (hard delete) or stay as
 * its row (soft delete: step 4 is skipped, the deletion lookup of step 1 is the same). Pure functions returning
 * text; property names are bind parameters.
 */
public final class DedupSql {
    /** The per-transaction table holding one dedup batch (winners per key). */
    static final String BATCH = "pg_temp._airbyte_batch";

    private DedupSql() {}

    public static String createBatchTable(QualifiedName target) {
        return "CREATE TEMP TABLE _airbyte_batch ON COMMIT DROP AS SELECT * FROM " + target.quoted() + " WITH NO DATA";
    }

    /**
     * Step 1: the newest version per primary key among the unprocessed raw rows into the batch table. With
     * {@code deletionKeys} (the original names of the primary key of a CDC stream), loaded deletion records
     * with the same keys join the batch so an older record arriving later does not bring a deleted row back;
     * {@code nullableDeletionKeys} adds the (unindexed) NULL-to-NULL lookup, only needed when a new row has a
     * NULL key component.
     */
    public static BoundSql insertBatch(
            QualifiedName raw,
            List<TypedColumn> columns,
            StreamPlan plan,
            List<String> deletionKeys,
            boolean nullableDeletionKeys,
            CastMode mode) {
        SqlText source = new SqlText()
                .add("(SELECT " + RawTableSql.RAW_COLUMNS + " FROM " + raw.quoted()
                        + " WHERE _airbyte_loaded_at IS NULL");
        if (!deletionKeys.isEmpty()) {
            source.add(" UNION ALL ").add(DeletionLookup.deletionsByKey(raw, deletionKeys));
            if (nullableDeletionKeys) {
                source.add(" UNION ALL ")
                        .add(DeletionLookup.deletionsByNullableKey(
                                raw, DeletionLookup.keyColumns(columns, deletionKeys), mode));
            }
        }
        source.add(") AS _ab_raw");
        return insertNewest(BATCH, columns, TypedSelect.select(source, columns, mode), plan)
                .bound();
    }

    /**
     * A first typing into an EMPTY final table (no CDC deletions): the newest version per key of the
     * unprocessed raw rows straight into the final table, without the batch table and its joins. Returns
     * one row: rows inserted, values nulled by type errors.
     */
    public static BoundSql insertDedupedIntoEmpty(
            QualifiedName target, QualifiedName raw, List<TypedColumn> columns, StreamPlan plan, CastMode mode) {
        return new SqlText()
                .add("WITH _ab_inserted AS (")
                .add(insertNewest(
                        target.quoted(),
                        columns,
                        TypedSelect.select(TypingSql.unprocessedRows(raw), columns, mode),
                        plan))
                .add(TypingSql.countInserted())
                .bound();
    }

    /**
     * Like {@link #insertDedupedIntoEmpty} from a staging table of typed rows. Returns one row: rows
     * inserted, values nulled by type errors.
     */
    public static BoundSql insertDedupedFromStaging(
            QualifiedName target, QualifiedName staging, List<TypedColumn> columns, StreamPlan plan) {
        return new SqlText()
                .add("WITH _ab_inserted AS (")
                .add(insertNewest(target.quoted(), columns, stagedRows(staging, columns), plan))
                .add(TypingSql.countInserted())
                .bound();
    }

    /**
     * Dedup in place: deletes every row of {@code table} but the newest per primary key. Returns one row:
     * rows deleted, values nulled by type errors in the rows deleted. {@code inAddressOrder}: the rows to
     * delete are sorted by their address (see {@code StagedDedup}).
     */
    public static String deleteOlderVersions(QualifiedName table, StreamPlan plan, boolean inAddressOrder) {
        return "WITH _ab_deleted AS (DELETE FROM " + table.quoted() + " t USING (SELECT _ab_row FROM (SELECT ctid AS"
                + " _ab_row, row_number() OVER (PARTITION BY " + keyList(plan) + " ORDER BY " + newestFirst(plan)
                + ") AS _ab_rn FROM " + table.quoted() + ") AS _ab_ranked WHERE _ab_rn > 1"
                + (inAddressOrder ? " ORDER BY _ab_row" : "") + ") AS _ab_older WHERE t.ctid = _ab_older._ab_row"
                + " RETURNING " + TypingSql.nulledCount("t._airbyte_meta") + " AS _ab_nulled)"
                + " SELECT count(*), COALESCE(sum(_ab_nulled), 0) FROM _ab_deleted";
    }

    /**
     * 1 when an unprocessed raw row has a primary-key component that is NULL once typed (missing, JSON null,
     * or a value that does not fit its column), else 0.
     */
    public static BoundSql newRowsWithNullKey(
            QualifiedName raw, List<TypedColumn> columns, List<String> primaryKey, CastMode mode) {
        return DeletionLookup.newRowsWithNullTypedKey(raw, DeletionLookup.keyColumns(columns, primaryKey), mode)
                .bound();
    }

    public static String analyzeBatch() {
        return analyzeBatch(BATCH);
    }

    /** {@code batch}: {@link #BATCH} or the quoted name of a staging table deduplicated in place. */
    static String analyzeBatch(String batch) {
        return "ANALYZE " + batch;
    }

    /** Values nulled by type errors in the batch (one row, one count). */
    public static String countBatchNulled() {
        return countBatchNulled(BATCH);
    }

    static String countBatchNulled(String batch) {
        return "SELECT COALESCE(sum(" + TypingSql.nulledCount("_airbyte_meta") + "), 0) FROM " + batch;
    }

    /**
     * Step 2: deletes final rows that a batch row replaces (same key, batch row newer or equal). {@code
     * nullKeys} false: keys without NULL components, joined with {@code =} (index-friendly); true: keys with
     * a NULL component, matched NULL-to-NULL. Returns one row: how many of the deleted rows were replaced by
     * a CDC deletion record (the key's CDC column not NULL in the batch row), 0 without CDC or without
     * {@code hardDeletes} (a soft delete replaces the row with the deletion record, it deletes nothing).
     */
    public static String deleteReplacedFinalRows(
            QualifiedName target, StreamPlan plan, boolean nullKeys, boolean hardDeletes) {
        return deleteReplacedFinalRows(BATCH, target, plan, nullKeys, hardDeletes);
    }

    static String deleteReplacedFinalRows(
            String batch, QualifiedName target, StreamPlan plan, boolean nullKeys, boolean hardDeletes) {
        String deletion = plan.cdcDeletedAtColumn()
                .filter(c -> hardDeletes)
                .map(c -> "b." + c.quoted() + " IS NOT NULL")
                .orElse("false");
        return "WITH _ab_deleted AS (DELETE FROM " + target.quoted() + " f USING " + batch + " b WHERE "
                + keyMatch(plan.primaryKeyColumns(), nullKeys) + " AND " + batchNewerOrEqual(plan.cursorColumn())
                + " RETURNING "
                + deletion + " AS _ab_deletion) SELECT count(*) FILTER (WHERE _ab_deletion) FROM _ab_deleted";
    }

    /** Step 3: drops batch rows whose key still has a (newer) final row. */
    public static String deleteStaleBatchRows(QualifiedName target, List<Identifier> primaryKey, boolean nullKeys) {
        return deleteStaleBatchRows(BATCH, target, primaryKey, nullKeys);
    }

    static String deleteStaleBatchRows(
            String batch, QualifiedName target, List<Identifier> primaryKey, boolean nullKeys) {
        return "DELETE FROM " + batch + " b USING " + target.quoted() + " f WHERE " + keyMatch(primaryKey, nullKeys);
    }

    /** 1 when a batch row has a NULL primary-key component, else 0. */
    public static String batchHasNullKey(List<Identifier> primaryKey) {
        return batchHasNullKey(BATCH, primaryKey);
    }

    static String batchHasNullKey(String batch, List<Identifier> primaryKey) {
        return "SELECT (EXISTS (SELECT 1 FROM " + batch + " WHERE "
                + primaryKey.stream().map(k -> k.quoted() + " IS NULL").collect(Collectors.joining(" OR "))
                + "))::int";
    }

    /** Deletes the CDC deletion rows of a final table (hard deletes after an in-place dedup). */
    public static String deleteDeletionRows(QualifiedName table, Identifier cdcDeletedAt) {
        return "DELETE FROM " + table.quoted() + " WHERE " + cdcDeletedAt.quoted() + " IS NOT NULL";
    }

    /** Step 4 (CDC, hard delete only): winning deletion records are not inserted. */
    public static String deleteDeletionRowsFromBatch(Identifier cdcDeletedAt) {
        return deleteDeletionRowsFromBatch(BATCH, cdcDeletedAt);
    }

    static String deleteDeletionRowsFromBatch(String batch, Identifier cdcDeletedAt) {
        return "DELETE FROM " + batch + " WHERE " + cdcDeletedAt.quoted() + " IS NOT NULL";
    }

    /** Step 5: the remaining winners into the final table. */
    public static String insertFromBatch(QualifiedName target, List<TypedColumn> columns) {
        return insertFromBatch(BATCH, target, columns);
    }

    static String insertFromBatch(String batch, QualifiedName target, List<TypedColumn> columns) {
        String list = FinalTableSql.columnList(columns);
        return "INSERT INTO " + target.quoted() + " (" + list + ") SELECT " + list + " FROM " + batch;
    }

    /** {@code INSERT INTO into (columns) SELECT columns FROM} the newest row per key of {@code typed}. */
    private static SqlText insertNewest(String into, List<TypedColumn> columns, SqlText typed, StreamPlan plan) {
        String list = FinalTableSql.columnList(columns);
        return new SqlText()
                .add("INSERT INTO " + into + " (" + list + ") SELECT " + list + " FROM ")
                .add("(SELECT DISTINCT ON (" + keyList(plan) + ") * FROM (")
                .add(typed)
                .add(") AS _ab_t ORDER BY " + keyList(plan) + ", " + newestFirst(plan) + ") AS _ab_n");
    }

    private static SqlText stagedRows(QualifiedName staging, List<TypedColumn> columns) {
        return new SqlText().add("SELECT " + FinalTableSql.columnList(columns) + " FROM " + staging.quoted());
    }

    static String keyList(StreamPlan plan) {
        return plan.primaryKeyColumns().stream().map(Identifier::quoted).collect(Collectors.joining(", "));
    }

    static String newestFirst(StreamPlan plan) {
        return plan.cursorColumn().map(c -> c.quoted() + " DESC NULLS LAST, ").orElse("")
                + "_airbyte_extracted_at DESC";
    }

    private static String keyMatch(List<Identifier> primaryKey, boolean nullKeys) {
        return keyMatch(primaryKey, nullKeys, Optional.empty());
    }

    /**
     * {@code shardColumn}: a key column Citus distributes both tables on, never NULL in them, so it is
     * matched with {@code =} even among NULL keys (Citus runs a join on the workers only when the
     * distribution columns are matched with {@code =}).
     */
    static String keyMatch(List<Identifier> primaryKey, boolean nullKeys, Optional<Identifier> shardColumn) {
        List<String> parts = new ArrayList<>();
        List<String> anyNull = new ArrayList<>();
        for (Identifier key : primaryKey) {
            String k = key.quoted();
            boolean nullable = nullKeys && !shardColumn.equals(Optional.of(key));
            parts.add(nullable ? "f." + k + " IS NOT DISTINCT FROM b." + k : "f." + k + " = b." + k);
            anyNull.add("b." + k + " IS NULL");
        }
        String match = String.join(" AND ", parts);
        return nullKeys ? "(" + String.join(" OR ", anyNull) + ") AND " + match : match;
    }

    static String batchNewerOrEqual(Optional<Identifier> cursor) {
        String extractedAt = "b._airbyte_extracted_at >= f._airbyte_extracted_at";
        if (cursor.isEmpty()) {
            return extractedAt;
        }
        String c = cursor.get().quoted();
        return "(b." + c + " > f." + c + " OR (b." + c + " IS NOT NULL AND f." + c + " IS NULL) OR ((b." + c + " = f."
                + c + " OR (b." + c + " IS NULL AND f." + c + " IS NULL)) AND " + extractedAt + "))";
    }
}
