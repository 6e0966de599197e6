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

/**
 * The life of a stream's tables: creates and evolves raw and final tables (schemas, columns, the
 * connector's indexes), hands the staging tables to {@link StagingTables}, replaces tables with their temp tables, drops
 * tables. Every public method but those that say otherwise runs its own transaction on the given connection
 * and leaves its auto-commit setting as it found it.
 */
public final class TableLifecycle {
    /** Meta columns that raw tables of older versions lack. */
    private static final Identifier META = Identifier.of("_airbyte_meta");

    private static final Identifier GENERATION_ID = Identifier.of("_airbyte_generation_id");

    private final DestinationConfig config;
    private final TableInspector inspector = new TableInspector();
    private final TableReplacer replacer;
    private final CitusTables citus;
    private final StagingTables staging;

    public TableLifecycle(DestinationConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.replacer = new TableReplacer(inspector, config.dropCascade());
        this.citus = new CitusTables(config, inspector);
        this.staging = new StagingTables(inspector, citus);
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
                staging.recoverStaging(c, plan, rawTable, StreamPlanner.stagingTable(rawTable));
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

    /** The stream's staging tables (see {@link StagingTables}). */
    public StagingTables staging() {
        return staging;
    }

    /** See {@link StagingTables#dropEmptyStaging}. */
    public void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
        staging.dropEmptyStaging(c, plan);
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
