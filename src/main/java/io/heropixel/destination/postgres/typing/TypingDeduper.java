package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and evolves final and raw tables, types raw rows into final tables (append or dedup, with CDC
 * hard deletes) and swaps truncate-refresh tables in. Every public method runs its own transaction on the
 * given connection and leaves the connection's auto-commit and isolation settings as it found them.
 */
public final class TypingDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(TypingDeduper.class);
    static final String INDEX_EXTRACTED_AT = "extracted_at";
    static final String INDEX_PRIMARY_KEY = "pk";
    static final String INDEX_UNPROCESSED = "unprocessed";
    static final String INDEX_DELETIONS = "deletions";
    /** A batch this many times smaller than the final table joins it through the key index. */
    private static final long SMALL_BATCH_RATIO = 20;

    private final DestinationConfig config;
    private final SqlGenerator sql = new SqlGenerator();
    private final TableInspector inspector = new TableInspector(sql);

    private final boolean useInputIsValid;
    private final TableReplacer replacer;
    private final TypedLoadSetup loadSetup = new TypedLoadSetup(sql, inspector);
    private final StagingSwap stagingSwap = new StagingSwap(sql);

    public TypingDeduper(DestinationConfig config) {
        this(config, true);
    }

    /** @param useInputIsValid use {@code pg_input_is_valid} for safe casts on Postgres 16+ (tests turn it off) */
    TypingDeduper(DestinationConfig config, boolean useInputIsValid) {
        this.config = requireNonNull(config, "config is null");
        this.useInputIsValid = useInputIsValid;
        this.replacer = new TableReplacer(sql, inspector, config.dropCascade());
    }

    public void prepareFinalTable(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        List<Identifier> key = new ArrayList<>();
        if (plan.stream().deduplicates()) {
            key.addAll(primaryKey(plan));
            cursor(plan).ifPresent(key::add);
        }
        boolean rebuild = Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            Jdbc.execute(c, sql.timeZoneUtcSql());
            Jdbc.execute(c, sql.dateStyleSql());
            ensureSchema(c, target.schema());
            Map<String, String> existing = inspector.columns(c, target);
            if (existing.isEmpty()) {
                Jdbc.execute(c, sql.createFinalTableSql(target, plan.columns(), config.unconstrainedNumber()));
            } else {
                new FinalTableEvolution(sql, config).evolve(c, plan, target, existing);
            }
            Jdbc.execute(
                    c,
                    sql.createIndexSql(
                            StreamPlanner.indexName(target, INDEX_EXTRACTED_AT),
                            target,
                            List.of(Identifier.of("_airbyte_extracted_at"))));
            boolean keyChanged = !existing.isEmpty()
                    && plan.stream().deduplicates()
                    && !plan.stream().truncates()
                    && target.equals(plan.finalTable())
                    && new DedupKey(sql).changed(c, target, key);
            if (plan.stream().deduplicates() && !keyChanged) {
                Jdbc.execute(c, sql.createIndexSql(StreamPlanner.indexName(target, INDEX_PRIMARY_KEY), target, key));
            } else if (!plan.stream().deduplicates()) {
                // The rows will not be deduplicated: the key index no longer records the key they were
                // deduplicated by, so a later switch back to dedup rebuilds the table (DedupKey).
                Jdbc.execute(c, sql.dropIndexSql(target.schema(), StreamPlanner.indexName(target, INDEX_PRIMARY_KEY)));
            }
            if (target.equals(plan.finalTempTable())) {
                replacer.checkReplaceable(c, target, plan.finalTable());
            }
            return keyChanged;
        });
        if (rebuild) {
            rebuildForNewKey(c, plan, target, key);
        }
    }

    /**
     * The primary key or cursor of a dedup stream changed (or the stream was not deduplicated before): the
     * rows kept so far were chosen by the old key, so the final table is typed again from every raw row, in
     * one transaction (readers see the old rows until it commits; views and grants stay).
     */
    private void rebuildForNewKey(Connection c, StreamPlan plan, QualifiedName target, List<Identifier> key)
            throws SQLException {
        LOG.warn(
                "Stream {}: the primary key or cursor changed ({}); rebuilding {} from its raw table",
                plan.descriptor(),
                key,
                target);
        Identifier index = StreamPlanner.indexName(target, INDEX_PRIMARY_KEY);
        typeAndDedupe(c, plan, plan.rawTable(), target, () -> {
            Jdbc.execute(c, sql.deleteAllRowsSql(target));
            Jdbc.execute(c, sql.resetLoadedAtSql(plan.rawTable()));
            Jdbc.execute(c, sql.dropIndexSql(target.schema(), index));
            Jdbc.execute(c, sql.createIndexSql(index, target, key));
            return null;
        });
    }

    public void prepareRawTable(Connection c, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            ensureSchema(c, rawTable.schema());
            Jdbc.execute(c, sql.createRawTableSql(rawTable));
            Jdbc.execute(c, sql.addColumnIfMissingSql(rawTable, Identifier.of("_airbyte_meta"), "jsonb"));
            Jdbc.execute(c, sql.addColumnIfMissingSql(rawTable, Identifier.of("_airbyte_generation_id"), "bigint"));
            if (!plan.stream().truncates() && rawTable.equals(plan.rawTable())) {
                replacer.keepInterruptedTruncate(c, plan);
            }
            loadSetup.recoverStaging(c, rawTable, StreamPlanner.stagingTable(rawTable));
            Jdbc.execute(
                    c, sql.createUnprocessedIndexSql(StreamPlanner.indexName(rawTable, INDEX_UNPROCESSED), rawTable));
            if (appliesDeletions(plan.stream())) {
                Jdbc.execute(
                        c,
                        Jdbc.queryString(
                                c,
                                sql.createDeletionIndexDdlQuery(
                                        StreamPlanner.indexName(rawTable, INDEX_DELETIONS),
                                        rawTable,
                                        plan.stream().primaryKey())));
            }
            return null;
        });
    }

    /**
     * How the stream's records are written while loading (after its raw and final tables are prepared);
     * see {@link TypedLoadSetup}.
     */
    public LoadFormat prepareLoad(
            Connection c, StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return loadSetup.prepare(c, plan, rawTarget, finalTarget);
    }

    /** Drops the stream's staging tables that are empty (see {@link TypedLoadSetup#dropEmptyStaging}). */
    public void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
        loadSetup.dropEmptyStaging(c, plan);
    }

    public TypingResult typeAndDedupe(Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget)
            throws SQLException {
        return typeAndDedupe(c, plan, rawSource, finalTarget, () -> null);
    }

    /**
     * Types with direct casts, then (after a data error) with safe casts; {@code prelude} runs first in each.
     * Then prunes the index of unprocessed raw rows (see {@link #pruneUnprocessedIndex}).
     */
    private TypingResult typeAndDedupe(
            Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget, Jdbc.Work<?> prelude)
            throws SQLException {
        TypingResult result = typeInTransaction(c, plan, rawSource, finalTarget, prelude);
        if (result.rowsTyped() > 0) {
            pruneUnprocessedIndex(c, rawSource);
        }
        return result;
    }

    /**
     * Marking raw rows typed leaves their entries in the partial index of unprocessed rows pointing at dead
     * row versions until VACUUM; the first scan of the index afterwards visits every one of them and marks it
     * dead (a first sync of 2 M rows made the next sync's lookup of its 10 k new rows visit 2 M). Scanning
     * the index now, in the sync that marked the rows, keeps the next sync proportional to its own rows. Best
     * effort: entries still visible to another open transaction stay for a later scan or VACUUM.
     */
    private void pruneUnprocessedIndex(Connection c, QualifiedName raw) throws SQLException {
        Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            Jdbc.executeAll(c, sql.indexScanOnlySql());
            return Jdbc.queryLong(c, sql.countUnprocessedSql(raw), 1);
        });
    }

    private TypingResult typeInTransaction(
            Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget, Jdbc.Work<?> prelude)
            throws SQLException {
        // the staging table of rows typed while loading, when this stream has one (see TypedLoadSetup)
        QualifiedName stagingTable = StreamPlanner.stagingTable(rawSource);
        Optional<QualifiedName> staging = plan.stream().deduplicates()
                        && !inspector.columns(c, stagingTable).isEmpty()
                ? Optional.of(stagingTable)
                : Optional.empty();
        try {
            return Jdbc.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> {
                lockStaging(c, staging);
                prelude.run();
                return typeOnce(c, plan, rawSource, finalTarget, staging, CastMode.DIRECT);
            });
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
                throw e;
            }
            LOG.info(
                    "Typing {} with direct casts failed ({}); typing again with safe casts",
                    plan.descriptor(),
                    e.getSQLState());
            return Jdbc.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> {
                lockStaging(c, staging);
                prelude.run();
                return typeOnce(c, plan, rawSource, finalTarget, staging, safeMode(c));
            });
        }
    }

    /**
     * Locks the staging table before the transaction's snapshot is taken: the snapshot then holds every
     * staged row, and the TRUNCATE at the end removes no row it did not see.
     */
    private void lockStaging(Connection c, Optional<QualifiedName> staging) throws SQLException {
        if (staging.isPresent()) {
            Jdbc.execute(c, sql.lockExclusiveSql(staging.get()));
        }
    }

    private TypingResult typeOnce(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            QualifiedName target,
            Optional<QualifiedName> staging,
            CastMode mode)
            throws SQLException {
        Jdbc.execute(c, sql.timeZoneUtcSql());
        Jdbc.execute(c, sql.dateStyleSql());
        if (mode == CastMode.SAFE_FUNCTION) {
            Jdbc.execute(c, sql.createSafeCastFunctionSql());
        }
        List<TypedColumn> columns = inspector.typedColumns(c, target, plan.columns());
        long staged = -1;
        long stagedNulled = 0;
        if (staging.isPresent()) {
            // raw rows the loader left to SQL join the rows typed while loading
            Jdbc.queryTwoLongs(c, sql.insertAppendSql(staging.get(), raw, columns, mode));
            long[] countAndNulled = Jdbc.queryTwoLongs(c, sql.countStagedSql(staging.get()));
            staged = countAndNulled[0];
            stagedNulled = countAndNulled[1];
        }
        Counts counts = plan.stream().deduplicates()
                ? dedupe(c, plan, raw, target, staging, staged, stagedNulled, columns, mode)
                : append(c, raw, target, columns, mode);
        long nulled = counts.nulled();
        long deleted = counts.deleted();
        long marked = Jdbc.update(c, sql.markLoadedSql(raw));
        long typed = staged >= 0 ? staged : marked;
        if (staging.isPresent()) {
            Jdbc.execute(c, sql.truncateSql(staging.get()));
        }
        LOG.info(
                "Typed {} raw rows of {} into {} ({} values nulled, {} deletions applied{})",
                typed,
                plan.descriptor(),
                target,
                nulled,
                deleted,
                mode == CastMode.DIRECT ? "" : ", " + mode);
        return new TypingResult(typed, deleted, nulled, counts.inserted());
    }

    /** Values nulled, final rows removed by CDC deletions, rows inserted into the final table. */
    private record Counts(long nulled, long deleted, long inserted) {
        /** From a {@code count(*), sum(nulled)} row of an insert. */
        static Counts ofInsert(long[] insertedAndNulled) {
            return new Counts(insertedAndNulled[1], 0, insertedAndNulled[0]);
        }
    }

    /** The dedup steps (see {@link SqlGenerator#insertBatchSql}); returns values nulled, CDC deletions, rows inserted. */
    private Counts dedupe(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            QualifiedName target,
            Optional<QualifiedName> staging,
            long stagedRows,
            long stagedNulled,
            List<TypedColumn> columns,
            CastMode mode)
            throws SQLException {
        List<Identifier> pk = primaryKey(plan);
        Optional<Identifier> cursor = cursor(plan);
        boolean cdcDeletes = appliesDeletions(plan.stream());
        Optional<Identifier> cdc = cdcDeletes ? Optional.of(column(plan, "_ab_cdc_deleted_at")) : Optional.empty();
        List<String> deletionKeys = cdcDeletes ? plan.stream().primaryKey() : List.of();
        if (!cdcDeletes && Jdbc.queryLong(c, sql.hasRowsSql(target), 1) == 0) {
            if (staging.isPresent()) {
                List<Identifier> key = new ArrayList<>(pk);
                cursor.ifPresent(key::add);
                Optional<StagingSwap.Result> swapped =
                        stagingSwap.swap(c, staging.get(), stagedNulled, target, pk, cursor, key);
                if (swapped.isPresent()) {
                    return new Counts(
                            swapped.get().nulled(),
                            0,
                            stagedRows - swapped.get().deleted());
                }
            }
            return insertIntoEmpty(
                    c,
                    plan,
                    target,
                    staging.isPresent()
                            ? sql.insertDedupedFromStagingSql(target, staging.get(), columns, pk, cursor)
                            : sql.insertDedupedIntoEmptySql(target, raw, columns, pk, cursor, mode));
        }
        boolean nullableDeletionKeys =
                cdcDeletes && Jdbc.queryLong(c, sql.newRowsWithNullKeySql(raw, columns, deletionKeys, mode), 1) == 1;
        Jdbc.execute(c, sql.createBatchTableSql(target));
        long batchRows = staging.isPresent()
                ? Jdbc.update(c, sql.insertBatchFromStagingSql(staging.get(), columns, pk, cursor))
                : Jdbc.update(
                        c, sql.insertBatchSql(raw, columns, pk, cursor, deletionKeys, nullableDeletionKeys, mode));
        Jdbc.execute(c, sql.analyzeBatchSql());
        if (batchRows * SMALL_BATCH_RATIO < Jdbc.queryLong(c, sql.estimatedRowsSql(target), 1)) {
            // a few keys into a big table: probe its key index; the planner tends to hash-join over a scan of
            // the whole final table instead (figures: docs/benchmarks.md, "Why the SQL is shaped as it is")
            Jdbc.executeAll(c, sql.nestedLoopJoinsSql());
        }
        long nulled = Jdbc.queryLong(c, sql.countBatchNulledSql(), 1);
        long deleted = Jdbc.queryLong(c, sql.deleteReplacedFinalRowsSql(target, pk, cursor, cdc, false), 1);
        Jdbc.execute(c, sql.deleteStaleBatchRowsSql(target, pk, false));
        if (Jdbc.queryLong(c, sql.batchHasNullKeySql(pk), 1) == 1) {
            // NULL-to-NULL matching cannot use the key index; only run it when such keys arrived
            deleted += Jdbc.queryLong(c, sql.deleteReplacedFinalRowsSql(target, pk, cursor, cdc, true), 1);
            Jdbc.execute(c, sql.deleteStaleBatchRowsSql(target, pk, true));
        }
        if (cdc.isPresent()) {
            Jdbc.execute(c, sql.deleteDeletionRowsFromBatchSql(cdc.get()));
        }
        long inserted = Jdbc.update(c, sql.insertFromBatchSql(target, columns));
        return new Counts(nulled, deleted, inserted);
    }

    /**
     * Append; into an empty table, the connector's extracted_at index is built once after the insert (faster
     * than maintaining it row by row).
     */
    private Counts append(
            Connection c, QualifiedName raw, QualifiedName target, List<TypedColumn> columns, CastMode mode)
            throws SQLException {
        if (Jdbc.queryLong(c, sql.hasRowsSql(target), 1) == 1) {
            return Counts.ofInsert(Jdbc.queryTwoLongs(c, sql.insertAppendSql(target, raw, columns, mode)));
        }
        Identifier extractedAtIndex = StreamPlanner.indexName(target, INDEX_EXTRACTED_AT);
        Jdbc.execute(c, sql.dropIndexSql(target.schema(), extractedAtIndex));
        Counts counts = Counts.ofInsert(Jdbc.queryTwoLongs(c, sql.insertAppendSql(target, raw, columns, mode)));
        Jdbc.execute(c, sql.createIndexSql(extractedAtIndex, target, List.of(Identifier.of("_airbyte_extracted_at"))));
        return counts;
    }

    /**
     * First typing into an empty dedup table: no final row to replace, so no batch table and no joins; the
     * connector's two indexes are built once after the insert (faster than maintaining them row by row).
     */
    private Counts insertIntoEmpty(Connection c, StreamPlan plan, QualifiedName target, BoundSql insert)
            throws SQLException {
        List<Identifier> pk = primaryKey(plan);
        Optional<Identifier> cursor = cursor(plan);
        List<Identifier> key = new ArrayList<>(pk);
        cursor.ifPresent(key::add);
        Identifier extractedAtIndex = StreamPlanner.indexName(target, INDEX_EXTRACTED_AT);
        Identifier keyIndex = StreamPlanner.indexName(target, INDEX_PRIMARY_KEY);
        Jdbc.execute(c, sql.dropIndexSql(target.schema(), extractedAtIndex));
        Jdbc.execute(c, sql.dropIndexSql(target.schema(), keyIndex));
        Counts counts = Counts.ofInsert(Jdbc.queryTwoLongs(c, insert));
        Jdbc.execute(c, sql.createIndexSql(extractedAtIndex, target, List.of(Identifier.of("_airbyte_extracted_at"))));
        Jdbc.execute(c, sql.createIndexSql(keyIndex, target, key));
        return counts;
    }

    private CastMode safeMode(Connection c) throws SQLException {
        return useInputIsValid && c.getMetaData().getDatabaseMajorVersion() >= 16
                ? CastMode.INPUT_IS_VALID
                : CastMode.SAFE_FUNCTION;
    }

    /** Replaces {@code target} with {@code temp} in one transaction, keeping views and grants (see {@link TableReplacer}). */
    public void swap(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        swap(c, List.of(new TableSwap(temp, target)));
    }

    /**
     * Makes every replacement in one transaction (the raw and the final table of a refresh): all of them
     * happen, or none.
     */
    public void swap(Connection c, List<TableSwap> swaps) throws SQLException {
        Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            for (TableSwap swap : swaps) {
                replacer.replace(c, swap.temp(), swap.target());
            }
            return null;
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static boolean appliesDeletions(ConfiguredStream stream) {
        return stream.deduplicates() && stream.hasCdcDeletedAt();
    }

    private static List<Identifier> primaryKey(StreamPlan plan) {
        List<Identifier> key = new ArrayList<>();
        for (String field : plan.stream().primaryKey()) {
            key.add(column(plan, field));
        }
        return key;
    }

    private static Optional<Identifier> cursor(StreamPlan plan) {
        return plan.stream().cursor().flatMap(field -> plan.columns().stream()
                .filter(col -> col.originalName().equals(field))
                .findFirst()
                .map(ColumnPlan::column));
    }

    private static Identifier column(StreamPlan plan, String field) {
        return plan.columns().stream()
                .filter(col -> col.originalName().equals(field))
                .findFirst()
                .map(ColumnPlan::column)
                .orElseThrow(() -> new ConfigException("The primary key field '" + field + "' of stream "
                        + plan.descriptor() + " is not a property of its schema. Choose a primary key among the"
                        + " stream's top-level properties."));
    }

    private void ensureSchema(Connection c, Identifier schema) throws SQLException {
        // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists: check first.
        if (inspector.schemaExists(c, schema)) {
            return;
        }
        // Another connection may create it at the same moment (unique violation): that is success too.
        java.sql.Savepoint savepoint = c.setSavepoint();
        try {
            Jdbc.execute(c, sql.createSchemaSql(schema));
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(savepoint);
        }
    }
}
