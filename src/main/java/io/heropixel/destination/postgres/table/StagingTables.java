package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staging tables of rows typed while loading (next to a stream's raw or side table, {@code
 * *_airbyte_typed}): recovered or kept after an interrupted sync, created, dropped when empty. On Citus a
 * dedup stream's staging table is distributed co-located with its final table and kept empty between syncs
 * (docs/citus.md). Every method runs in the caller's transaction unless it says otherwise.
 */
public final class StagingTables {
    /** Where a stream's staging table stands when its sync starts loading. */
    public enum Staging {
        /** It does not exist. */
        NONE,
        /** It exists, empty, kept for reuse: distributed by Citus and co-located with the final table. */
        PARKED,
        /** It holds rows of an interrupted sync that the typing pass merges ({@code direct_load}). */
        KEPT_ROWS
    }

    private static final Logger LOG = LoggerFactory.getLogger(StagingTables.class);

    private final TableInspector inspector;
    private final CitusTables citus;

    StagingTables(TableInspector inspector, CitusTables citus) {
        this.inspector = inspector;
        this.citus = citus;
    }

    /**
     * A staging table left by an interrupted sync: its raw rows are marked not typed (SQL types them again)
     * and it is dropped, or, when Citus co-locates it with the final table ({@link #keepsStaging}), emptied
     * and kept ({@link Staging#PARKED}: distributing a new one costs more than the sync of a few rows). In
     * the caller's transaction.
     */
    public Staging recoverStaging(Connection c, StreamPlan plan, QualifiedName raw, QualifiedName staging)
            throws SQLException {
        if (inspector.columns(c, staging).isEmpty()) {
            return Staging.NONE;
        }
        // nearly always empty (every typing pass empties it): then no lookup in the raw table
        long reset =
                !inspector.hasRows(c, staging) ? 0 : Sql.update(c, RawTableSql.resetLoadedAtOfStaged(raw, staging));
        if (reset > 0) {
            LOG.info(
                    "{} held rows typed by an interrupted sync; {} raw rows of {} will be typed again",
                    staging,
                    reset,
                    raw);
        }
        if (keepsStaging(c, plan, staging)) {
            if (reset > 0) {
                Sql.execute(c, TableSql.truncate(staging));
            }
            return Staging.PARKED;
        }
        Sql.execute(c, TableSql.dropTable(staging, false));
        return Staging.NONE;
    }

    /**
     * True when {@code staging}, the staging table of the stream's raw (or side) table, is kept empty between
     * syncs instead of dropped: Citus distributes it co-located with the final table ({@code
     * create_distributed_table} is slow, and the typing pass empties it in its own transaction, so no row is
     * merged twice). Never without Citus.
     */
    public boolean keepsStaging(Connection c, StreamPlan plan, QualifiedName staging) throws SQLException {
        return staging.equals(StreamPlanner.stagingTable(plan.rawTable()))
                && CitusTables.colocatedColumn(c, staging, plan.finalTable()).isPresent();
    }

    /**
     * {@code direct_load}: a staging table left by an interrupted sync holds committed records that exist
     * nowhere else, so its rows are kept for the typing pass, except those a truncating stream replaces
     * anyway (of another generation; any, for generation 0). An empty one is dropped (it is recreated with
     * the final table's current columns); one that keeps rows gets the columns added to the final table
     * since. In the caller's transaction. Returns true when the staging table is kept.
     */
    public Staging keepStaging(Connection c, StreamPlan plan, QualifiedName staging, Optional<QualifiedName> target)
            throws SQLException {
        Map<String, String> stagingColumns = inspector.columns(c, staging);
        if (stagingColumns.isEmpty()) {
            return Staging.NONE;
        }
        long generation = plan.stream().generationId();
        if (plan.stream().truncates() && inspector.hasRows(c, staging)) {
            long dropped = Sql.update(c, RawTableSql.deleteStagedOfOtherGenerations(staging, generation));
            LOG.info("{}: {} rows of an earlier generation dropped (the stream truncates)", staging, dropped);
        }
        if (!inspector.hasRows(c, staging) || target.isEmpty()) {
            if (target.isPresent() && keepsStaging(c, plan, staging)) {
                return Staging.PARKED;
            }
            Sql.execute(c, TableSql.dropTable(staging, false));
            return Staging.NONE;
        }
        LOG.info("{} holds rows of an interrupted sync; they are typed into {} with this sync's", staging, target);
        for (Map.Entry<String, String> column :
                inspector.columns(c, target.get()).entrySet()) {
            if (!stagingColumns.containsKey(column.getKey())) {
                Sql.execute(c, TableSql.addColumnIfMissing(staging, Identifier.of(column.getKey()), column.getValue()));
            }
        }
        return Staging.KEPT_ROWS;
    }

    /**
     * At the start of a transaction that may create a staging table ({@link #createStaging}, {@link
     * #prepareSqlStaging}), before any other statement: on Citus the settings and the lock of {@link
     * CitusTables#prepareTransaction} (a table is distributed only in a transaction that read no distributed
     * table before it switched to sequential mode).
     */
    public void prepareStagingTransaction(Connection c) throws SQLException {
        citus.prepareTransaction(c);
    }

    /**
     * Creates the staging table of rows typed while loading, next to the raw table; on Citus it is
     * distributed and co-located with {@code finalTable} when that table is distributed on a key column (see
     * {@link CitusTables#distributeStaging}), and a {@link Staging#PARKED} one is reused when it still has
     * the final table's columns and placement. In the caller's transaction, after {@link
     * #prepareStagingTransaction}.
     */
    public void createStaging(
            Connection c, StreamPlan plan, QualifiedName staging, QualifiedName finalTable, Staging state)
            throws SQLException {
        if (state == Staging.PARKED) {
            if (inspector.columns(c, staging).equals(inspector.columns(c, finalTable))
                    && CitusTables.colocatedColumn(c, staging, finalTable).isPresent()) {
                LOG.debug("Reusing {}, co-located with {}", staging, finalTable);
                return;
            }
            // the final table's columns or placement changed since: a new one
            Sql.execute(c, TableSql.dropTable(staging, false));
        }
        Sql.execute(c, RawTableSql.createStaging(staging, finalTable));
        citus.distributeStaging(c, plan, staging, finalTable);
    }

    /**
     * A dedup stream whose records the typing SQL types (none typed while loading): on Citus, when the final
     * table is distributed on a key column, a staging table co-located with it (a {@link Staging#PARKED} one
     * reused, else a new one) through which the typing pass merges, so the merge runs on the workers (see
     * {@code typing.TypingDeduper}). Otherwise none (a parked one is dropped). In the caller's transaction.
     */
    public void prepareSqlStaging(
            Connection c, StreamPlan plan, QualifiedName staging, QualifiedName finalTable, Staging state)
            throws SQLException {
        if (citus.stagingColumn(c, plan, finalTable).isPresent()) {
            createStaging(c, plan, staging, finalTable, state);
        } else if (state == Staging.PARKED) {
            Sql.execute(c, TableSql.dropTable(staging, false));
        }
    }

    /**
     * Drops the stream's staging tables of its raw table and raw temp table when they exist and are empty:
     * they are needed only while a sync loads, and one that still holds rows (typing did not finish) is
     * kept for the next sync to recover.
     */
    public void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
        List<QualifiedName> stagingTables =
                List.of(StreamPlanner.stagingTable(plan.rawTable()), StreamPlanner.stagingTable(plan.rawTempTable()));
        // usually neither exists (the last typing pass drops it): one query then, no transaction
        for (QualifiedName staging : inspector.existing(c, stagingTables)) {
            Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
                if (inspector.columns(c, staging).isEmpty()) {
                    return null;
                }
                Sql.execute(c, TableSql.lockExclusive(staging));
                if (keepsStaging(c, plan, staging)) {
                    LOG.debug("{} is kept for the next sync (co-located with {})", staging, plan.finalTable());
                } else if (!inspector.hasRows(c, staging)) {
                    Sql.execute(c, TableSql.dropTable(staging, false));
                } else {
                    LOG.info("{} still holds typed rows; keeping it for the next sync", staging);
                }
                return null;
            });
        }
    }
}
