package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CitusTables;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.IndexNames;
import io.heropixel.destination.postgres.table.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dedup steps of one typing pass (see {@link DedupSql}): the newest version per key goes through a
 * batch table into the final table, replacing older final rows (rows typed while loading: their staging
 * table, deduplicated in place, is the batch); CDC deletion records remove their key
 * (hard delete) or, with {@code cdc_deletion_mode} "Soft delete", are kept as its row like any version. A
 * first typing into an empty final table skips the batch (and, from a staging table, may make the staging
 * table the final table, see {@link StagedDedup}).
 */
final class Deduper {
    /** A batch this many times smaller than the final table joins it through the key index. */
    private static final long SMALL_BATCH_RATIO = 20;

    /**
     * A batch of fewer rows is not analyzed: any join plan is cheap for it (a small batch into a big table
     * probes the key index anyway, see SMALL_BATCH_RATIO), and the ANALYZE would cost more than the join.
     */
    private static final long ANALYZED_BATCH_ROWS = 1_000;

    private final TypingPass pass;
    private final TableInspector inspector;
    private final Connection c;
    private final StreamPlan plan;
    private final QualifiedName target;

    Deduper(TypingPass pass, TableInspector inspector) {
        this.pass = pass;
        this.inspector = inspector;
        this.c = pass.c();
        this.plan = pass.plan();
        this.target = pass.target();
    }

    /** Returns values nulled, CDC deletions, rows inserted. */
    TypingPass.Counts dedupe(TypingPass.Staged staged) throws SQLException {
        if (!plan.appliesDeletions() && !inspector.hasRows(c, target)) {
            return intoEmpty(staged);
        }
        List<Identifier> pk = plan.primaryKeyColumns();
        List<String> deletionKeys = plan.appliesDeletions() ? plan.stream().primaryKey() : List.of();
        boolean nullableDeletionKeys = plan.appliesDeletions()
                && Sql.queryLong(c, DedupSql.newRowsWithNullKey(pass.raw(), pass.columns(), deletionKeys, pass.mode()))
                        == 1;
        String batch;
        long batchRows;
        // on Citus, a staging table co-located with the final table: the statements join them on this column
        Optional<Identifier> shard = Optional.empty();
        if (staged.table().isPresent()) {
            // the staging table, emptied or dropped at the end of the pass, is the batch once deduplicated in
            // place: no temp table to create and fill
            batch = staged.table().get().quoted();
            shard = CitusTables.colocatedColumn(c, staged.table().get(), target);
            batchRows = staged.rows()
                    - StagedDedup.deleteOlderVersions(c, plan, staged.table().get(), shard)[0];
        } else {
            batch = DedupSql.BATCH;
            Sql.execute(c, DedupSql.createBatchTable(target));
            batchRows = Sql.update(
                    c,
                    DedupSql.insertBatch(
                            pass.raw(), pass.columns(), plan, deletionKeys, nullableDeletionKeys, pass.mode()));
            if (pass.colocatedBatch().isPresent()) {
                shard = CitusTables.colocatedColumn(c, pass.colocatedBatch().get(), target);
                if (shard.isPresent()) {
                    // Citus: each batch row goes to the shard of its key, where the merge then runs
                    Sql.update(
                            c,
                            CitusDedupSql.moveBatch(batch, pass.colocatedBatch().get(), pass.columns()));
                    batch = pass.colocatedBatch().get().quoted();
                }
            }
        }
        planJoins(batch, batchRows);
        long nulled = Sql.queryLong(c, DedupSql.countBatchNulled(batch));
        boolean hardDeletes = !pass.keepDeletionRows();
        long deleted = merge(batch, shard, false, hardDeletes);
        if (Sql.queryLong(c, DedupSql.batchHasNullKey(batch, pk)) == 1) {
            // NULL-to-NULL matching cannot use the key index; only run it when such keys arrived
            deleted += merge(batch, shard, true, hardDeletes);
        }
        Optional<Identifier> cdc = plan.cdcDeletedAtColumn();
        if (cdc.isPresent() && hardDeletes) {
            // hard delete: a winning deletion record removes its key; soft delete keeps it as the key's row
            Sql.execute(c, DedupSql.deleteDeletionRowsFromBatch(batch, cdc.get()));
        }
        long inserted = Sql.update(c, DedupSql.insertFromBatch(batch, target, pass.columns()));
        return new TypingPass.Counts(nulled, deleted, inserted);
    }

    /**
     * Steps 2 and 3 of {@link DedupSql}: deletes the final rows the batch replaces and the batch rows whose
     * key holds a newer final row; returns the final rows deleted for a CDC deletion record. With {@code
     * shard} (a staging table Citus co-locates with the final table) the statements of {@link CitusDedupSql},
     * which run on the workers.
     */
    private long merge(String batch, Optional<Identifier> shard, boolean nullKeys, boolean hardDeletes)
            throws SQLException {
        List<Identifier> pk = plan.primaryKeyColumns();
        if (shard.isEmpty()) {
            long deleted =
                    Sql.queryLong(c, DedupSql.deleteReplacedFinalRows(batch, target, plan, nullKeys, hardDeletes));
            Sql.execute(c, DedupSql.deleteStaleBatchRows(batch, target, pk, nullKeys));
            return deleted;
        }
        Optional<Identifier> cdc = plan.cdcDeletedAtColumn().filter(column -> hardDeletes);
        long deleted = cdc.isEmpty()
                ? 0
                : Sql.queryLong(
                        c,
                        CitusDedupSql.countDeletedByDeletionRows(
                                batch, target, plan, cdc.get(), nullKeys, shard.get()));
        Sql.execute(c, CitusDedupSql.deleteReplacedFinalRows(batch, target, plan, nullKeys, shard.get()));
        Sql.execute(c, CitusDedupSql.deleteStaleBatchRows(batch, target, pk, nullKeys, shard.get()));
        return deleted;
    }

    /** Statistics for a batch that is not small; nested-loop joins for a batch much smaller than the table. */
    private void planJoins(String batch, long batchRows) throws SQLException {
        if (batchRows >= ANALYZED_BATCH_ROWS) {
            Sql.execute(c, DedupSql.analyzeBatch(batch));
        }
        if (batchRows * SMALL_BATCH_RATIO < inspector.estimatedRows(c, target)) {
            // a few keys into a big table: probe its key index; the planner tends to hash-join over a scan of
            // the whole final table instead (figures in docs/benchmarks-log.md)
            Sql.executeAll(c, SessionSql.nestedLoopJoins());
        }
    }

    /** The first typing into an empty final table (no CDC deletions). */
    private TypingPass.Counts intoEmpty(TypingPass.Staged staged) throws SQLException {
        if (staged.table().isPresent()) {
            Optional<StagedDedup.Result> swapped =
                    StagedDedup.swap(c, plan, staged.table().get(), staged.nulled(), target, !pass.lastPass());
            if (swapped.isPresent()) {
                return new TypingPass.Counts(
                        swapped.get().nulled(), 0, staged.rows() - swapped.get().deleted());
            }
        }
        return insertIntoEmpty(
                staged.table().isPresent()
                        ? into -> DedupSql.insertDedupedFromStaging(
                                into, staged.table().get(), pass.columns(), plan)
                        : into -> DedupSql.insertDedupedIntoEmpty(into, pass.raw(), pass.columns(), plan, pass.mode()));
    }

    /**
     * First typing into an empty dedup table: no final row to replace, so no batch table and no joins; the
     * connector's two indexes are built once after the insert (faster than maintaining them row by row).
     */
    private TypingPass.Counts insertIntoEmpty(Function<QualifiedName, BoundSql> insert) throws SQLException {
        Identifier extractedAtIndex = IndexNames.of(target, IndexNames.EXTRACTED_AT);
        Identifier keyIndex = IndexNames.of(target, IndexNames.PRIMARY_KEY);
        Sql.execute(c, FinalTableSql.dropIndex(target.schema(), extractedAtIndex));
        Sql.execute(c, FinalTableSql.dropIndex(target.schema(), keyIndex));
        TypingPass.Counts counts = TypingPass.Counts.ofInsert(pass.insertTyped(insert));
        Sql.execute(c, FinalTableSql.createIndex(extractedAtIndex, target, IndexNames.EXTRACTED_AT_COLUMNS));
        Sql.execute(c, FinalTableSql.createIndex(keyIndex, target, plan.dedupKey()));
        return counts;
    }
}
