package io.heropixel.destination.postgres.table;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a stream's tables: creates and evolves raw and final tables (schemas, columns, the
 * connector's indexes), recovers and drops staging tables, replaces tables with their temp tables, drops
 * tables. Every public method but those that say otherwise runs its own transaction on the given connection
 * and leaves its auto-commit setting as it found it.
 */
public final class TableLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(TableLifecycle.class);

    /** Meta columns that raw tables of older versions lack. */
    private static final Identifier META = Identifier.of("_airbyte_meta");

    private static final Identifier GENERATION_ID = Identifier.of("_airbyte_generation_id");

    private final DestinationConfig config;
    private final TableInspector inspector = new TableInspector();
    private final TableReplacer replacer;
    private final CitusTables citus;

    public TableLifecycle(DestinationConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.replacer = new TableReplacer(inspector, config.dropCascade());
        this.citus = new CitusTables(config, inspector);
    }

    public TableInspector inspector() {
        return inspector;
    }

    /** The config the tables are created and typed by. */
    public DestinationConfig config() {
        return config;
    }

    /** Creates (or migrates) a raw table; {@code rawTable} is the plan's raw table or its temp table. */
    public void prepareRawTable(Connection c, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            Schemas.ensure(c, rawTable.schema());
            Identifier unprocessed = IndexNames.of(rawTable, IndexNames.UNPROCESSED);
            // a raw table of an earlier sync usually needs nothing: one catalog query instead of four DDL
            boolean complete = Sql.queryLong(
                            c, CatalogSql.rawTableComplete(rawTable, new QualifiedName(rawTable.schema(), unprocessed)))
                    == 1;
            if (!complete) {
                Sql.execute(c, RawTableSql.create(rawTable));
                Sql.execute(c, TableSql.addColumnIfMissing(rawTable, META, "jsonb"));
                Sql.execute(c, TableSql.addColumnIfMissing(rawTable, GENERATION_ID, "bigint"));
            }
            if (!plan.stream().truncates()
                    && rawTable.equals(plan.rawTable())
                    && !inspector
                            .existing(c, List.of(plan.finalTempTable(), plan.rawTempTable()))
                            .isEmpty()) {
                replacer.keepInterruptedTruncate(c, plan);
            }
            if (!plan.direct()) {
                // in direct mode a staging table holds records with no raw row behind them (keepStaging)
                recoverStaging(c, plan, rawTable, StreamPlanner.stagingTable(rawTable));
            }
            if (!complete) {
                Sql.execute(c, RawTableSql.createUnprocessedIndex(unprocessed, rawTable));
            }
            if (plan.appliesDeletions()) {
                Identifier deletions = IndexNames.of(rawTable, IndexNames.DELETIONS);
                if (Sql.queryLong(c, RawTableSql.outdatedIndexSql(new QualifiedName(rawTable.schema(), deletions)))
                        == 1) {
                    // built by an earlier version on the raw key text: rebuilt on the normalised key text
                    Sql.execute(c, FinalTableSql.dropIndex(rawTable.schema(), deletions));
                }
                String ddl = Sql.queryString(
                        c,
                        RawTableSql.createDeletionIndexDdlQuery(
                                deletions, rawTable, plan.stream().primaryKey()));
                Sql.execute(c, ddl);
            }
            return null;
        });
    }

    /**
     * Creates (or evolves) a final table; {@code target} is the final table or its temp table. Returns true
     * when the table holds rows deduplicated by another key than the stream's current one (or not
     * deduplicated at all): the caller then rebuilds it from the raw table (see {@link #clearForRebuild}).
     */
    public boolean prepareFinalTable(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        List<Identifier> key = plan.dedupKey();
        return Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            citus.prepareTransaction(c);
            Sql.executeAll(c, SessionSql.utcIsoDates());
            Schemas.ensure(c, target.schema());
            Map<String, String> existing = inspector.columns(c, target);
            if (existing.isEmpty()) {
                Sql.execute(c, FinalTableSql.create(target, plan.columns(), config.unconstrainedNumber()));
                citus.distributeNew(c, plan, target, inspector.columns(c, target));
            } else {
                new FinalTableEvolution(config).evolve(c, plan, target, existing);
            }
            Identifier extractedAt = IndexNames.of(target, IndexNames.EXTRACTED_AT);
            Identifier keyIndex = IndexNames.of(target, IndexNames.PRIMARY_KEY);
            // the indexes of an existing table usually exist: one catalog query instead of the DDL
            List<QualifiedName> indexes = existing.isEmpty()
                    ? List.of()
                    : inspector.existing(
                            c,
                            List.of(
                                    new QualifiedName(target.schema(), extractedAt),
                                    new QualifiedName(target.schema(), keyIndex)));
            if (indexes.stream().noneMatch(index -> index.table().equals(extractedAt))) {
                Sql.execute(c, FinalTableSql.createIndex(extractedAt, target, IndexNames.EXTRACTED_AT_COLUMNS));
            }
            boolean keyIndexExists =
                    indexes.stream().anyMatch(index -> index.table().equals(keyIndex));
            boolean keyChanged = !existing.isEmpty()
                    && plan.stream().deduplicates()
                    && !plan.stream().truncates()
                    && target.equals(plan.finalTable())
                    && DedupKey.changed(c, target, key);
            if (plan.stream().deduplicates() && !keyChanged) {
                if (!keyIndexExists) {
                    Sql.execute(c, FinalTableSql.createIndex(keyIndex, target, key));
                }
            } else if (!plan.stream().deduplicates() && (existing.isEmpty() || keyIndexExists)) {
                // The rows will not be deduplicated: the key index no longer records the key they were
                // deduplicated by, so a later switch back to dedup rebuilds the table (DedupKey).
                Sql.execute(c, FinalTableSql.dropIndex(target.schema(), keyIndex));
            }
            if (target.equals(plan.finalTempTable())) {
                replacer.checkReplaceable(c, target, plan.finalTable());
            }
            return keyChanged;
        });
    }

    /**
     * For a rebuild after the dedup key changed, in the caller's transaction: empties the final table, marks
     * every raw row not typed and gives the key index the new key.
     */
    public void clearForRebuild(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        Identifier index = IndexNames.of(target, IndexNames.PRIMARY_KEY);
        Sql.execute(c, FinalTableSql.deleteAllRows(target));
        Sql.execute(c, RawTableSql.resetLoadedAt(plan.rawTable()));
        Sql.execute(c, FinalTableSql.dropIndex(target.schema(), index));
        Sql.execute(c, FinalTableSql.createIndex(index, target, plan.dedupKey()));
    }

    /** Where a stream's staging table stands when its sync starts loading. */
    public enum Staging {
        /** It does not exist. */
        NONE,
        /** It exists, empty, kept for reuse: distributed by Citus and co-located with the final table. */
        PARKED,
        /** It holds rows of an interrupted sync that the typing pass merges ({@code direct_load}). */
        KEPT_ROWS
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

    /**
     * Makes every replacement (each target by its temp table, keeping views and grants, see {@link
     * TableReplacer}) in one transaction: all of them happen, or none.
     */
    public void swap(Connection c, List<TableSwap> swaps) throws SQLException {
        Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            citus.prepareTransaction(c);
            for (TableSwap swap : swaps) {
                replacer.replace(c, swap.temp(), swap.target());
            }
            return null;
        });
    }

    /** Drops a table (auto-commit), with CASCADE when the config allows it. */
    public void drop(Connection c, QualifiedName table) throws SQLException {
        Sql.execute(c, TableSql.dropTable(table, config.dropCascade()));
    }

    /** Marks every raw row not typed, so a new final table receives all of them (auto-commit). */
    public void resetLoadedAt(Connection c, QualifiedName raw) throws SQLException {
        Sql.execute(c, RawTableSql.resetLoadedAt(raw));
    }
}
