package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.util.List;
import java.util.Optional;

/**
 * The dedup statements of {@link DedupSql} for a staging table that Citus distributes co-located with its
 * final table on {@code shard}, a primary-key column (docs/citus.md): every statement joins the two tables
 * (or the staging table with itself) on that column with {@code =}, so Citus runs it on the workers, shard
 * by shard, and no statement returns a row per changed row (a {@code RETURNING} read by the coordinator
 * would bring every changed row back to it): the counts come from aggregates the workers compute. Pure
 * functions returning text.
 */
final class CitusDedupSql {
    private CitusDedupSql() {}

    /** Moves the rows of the (local) batch table into the staging table co-located with the final table. */
    static String moveBatch(String batch, QualifiedName staging, List<TypedColumn> columns) {
        String list = FinalTableSql.columnList(columns);
        return "INSERT INTO " + staging.quoted() + " (" + list + ") SELECT " + list + " FROM " + batch;
    }

    /**
     * One row: the rows {@link #deleteOlderVersions} will delete (all but the newest per key) and the values
     * nulled by type errors in them.
     */
    static String countOlderVersions(QualifiedName table, StreamPlan plan) {
        return "SELECT count(*), COALESCE(sum(" + TypingSql.nulledCount("_airbyte_meta") + "), 0) FROM (SELECT"
                + " _airbyte_meta, row_number() OVER (PARTITION BY " + DedupSql.keyList(plan) + " ORDER BY "
                + DedupSql.newestFirst(plan) + ") AS _ab_rn FROM " + table.quoted()
                + ") AS _ab_ranked WHERE _ab_rn > 1";
    }

    /**
     * Dedup in place: deletes every row of {@code table} but the newest per primary key. A row address is
     * only unique within a shard, so the rows are matched by address and by {@code shard}.
     */
    static String deleteOlderVersions(QualifiedName table, StreamPlan plan, Identifier shard) {
        String s = shard.quoted();
        return "DELETE FROM " + table.quoted() + " t USING (SELECT _ab_row, _ab_shard FROM (SELECT ctid AS _ab_row, "
                + s + " AS _ab_shard, row_number() OVER (PARTITION BY " + DedupSql.keyList(plan) + " ORDER BY "
                + DedupSql.newestFirst(plan) + ") AS _ab_rn FROM " + table.quoted()
                + ") AS _ab_ranked WHERE _ab_rn > 1)"
                + " AS _ab_older WHERE t.ctid = _ab_older._ab_row AND t." + s + " = _ab_older._ab_shard";
    }

    /**
     * One row: the final rows that {@link #deleteReplacedFinalRows} deletes for a CDC deletion record of the
     * batch (hard deletes). Run before the delete.
     */
    static String countDeletedByDeletionRows(
            String batch,
            QualifiedName target,
            StreamPlan plan,
            Identifier cdcDeletedAt,
            boolean nullKeys,
            Identifier shard) {
        return "SELECT count(*) FROM " + target.quoted() + " f JOIN " + batch + " b ON "
                + DedupSql.keyMatch(plan.primaryKeyColumns(), nullKeys, Optional.of(shard)) + " WHERE "
                + DedupSql.batchNewerOrEqual(plan.cursorColumn()) + " AND b." + cdcDeletedAt.quoted() + " IS NOT NULL";
    }

    /** Deletes the final rows that a batch row replaces (same key, batch row newer or equal). */
    static String deleteReplacedFinalRows(
            String batch, QualifiedName target, StreamPlan plan, boolean nullKeys, Identifier shard) {
        return "DELETE FROM " + target.quoted() + " f USING " + batch + " b WHERE "
                + DedupSql.keyMatch(plan.primaryKeyColumns(), nullKeys, Optional.of(shard)) + " AND "
                + DedupSql.batchNewerOrEqual(plan.cursorColumn());
    }

    /** Drops batch rows whose key still has a (newer) final row. */
    static String deleteStaleBatchRows(
            String batch, QualifiedName target, List<Identifier> primaryKey, boolean nullKeys, Identifier shard) {
        return "DELETE FROM " + batch + " b USING " + target.quoted() + " f WHERE "
                + DedupSql.keyMatch(primaryKey, nullKeys, Optional.of(shard));
    }
}
