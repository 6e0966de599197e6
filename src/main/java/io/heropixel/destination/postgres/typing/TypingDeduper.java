package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CatalogSql;
import io.heropixel.destination.postgres.table.CitusSql;
import io.heropixel.destination.postgres.table.CitusTables;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.IndexNames;
import io.heropixel.destination.postgres.table.TableInspector;
import io.heropixel.destination.postgres.table.TableLifecycle;
import io.heropixel.destination.postgres.table.TableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typing pass: types the raw rows not yet typed into the final table (append, or dedup with CDC hard
 * or soft deletes as {@code cdc_deletion_mode} says, see {@link Deduper}) and marks them typed, in one
 * transaction. Every public method runs its own
 * transactions on the given connection and leaves its auto-commit setting as it found it. The tables
 * themselves are created and evolved by {@link TableLifecycle}.
 */
public final class TypingDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(TypingDeduper.class);

    private final TableLifecycle tables;
    private final TableInspector inspector;
    private final boolean useInputIsValid;
    private final boolean keepDeletionRows;

    public TypingDeduper(TableLifecycle tables) {
        this(tables, true);
    }

    /** @param useInputIsValid use {@code pg_input_is_valid} for safe casts on Postgres 16+ (tests turn it off) */
    TypingDeduper(TableLifecycle tables, boolean useInputIsValid) {
        this.tables = requireNonNull(tables, "tables is null");
        this.inspector = tables.inspector();
        this.useInputIsValid = useInputIsValid;
        this.keepDeletionRows = tables.config().cdcDeletionMode().keepsDeletionRows();
    }

    public TypingResult typeAndDedupe(Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget)
            throws SQLException {
        return typeAndDedupe(c, plan, rawSource, finalTarget, false);
    }

    /**
     * @param lastPass true for the stream's last typing pass of the sync, when nothing loads into its staging
     *     table any more: the staging table is dropped in the typing transaction instead of emptied (and one that
     *     becomes the final table is not replaced by a new one)
     */
    public TypingResult typeAndDedupe(
            Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName finalTarget, boolean lastPass)
            throws SQLException {
        return pruned(c, rawSource, typeInTransaction(c, plan, rawSource, finalTarget, lastPass, () -> null));
    }

    /**
     * The primary key or cursor of a dedup stream changed (or the stream was not deduplicated before, see
     * {@link TableLifecycle#prepareFinalTable}): the rows kept so far were chosen by the old key, so the final
     * table is typed again from every raw row, in one transaction (readers see the old rows until it commits;
     * views and grants stay).
     */
    public void rebuildForNewKey(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        if (plan.direct() || inspector.exists(c, plan.sideTable())) {
            KeyChange.dedupeInPlace(c, plan, target, keepDeletionRows);
            return;
        }
        LOG.warn(
                "Stream {}: the primary key or cursor changed ({}); rebuilding {} from its raw table",
                plan.descriptor(),
                plan.dedupKey(),
                target);
        TypingResult rebuilt = typeInTransaction(c, plan, plan.rawTable(), target, false, () -> {
            tables.clearForRebuild(c, plan, target);
            return null;
        });
        pruned(c, plan.rawTable(), rebuilt);
    }

    /**
     * Returns {@code result} after pruning the index of unprocessed raw rows when the pass typed any. Marking
     * raw rows typed leaves their entries in the partial index of unprocessed rows pointing at dead
     * row versions until VACUUM; the first scan of the index afterwards visits every one of them and marks it
     * dead. Scanning the index now, in the sync that marked the rows, keeps the next sync proportional to its
     * own rows (figures in docs/benchmarks-log.md). Best effort: entries still visible to another open
     * transaction stay for a later scan or VACUUM.
     */
    private static TypingResult pruned(Connection c, QualifiedName raw, TypingResult result) throws SQLException {
        if (result.typed() > 0) {
            Sql.readOnly(c, () -> {
                Sql.executeAll(c, SessionSql.indexScanOnly());
                return Sql.queryLong(c, TypingSql.countUnprocessed(raw));
            });
        }
        return result;
    }

    /** Types with direct casts, then (after a data error) with safe casts; {@code prelude} runs first in each. */
    private TypingResult typeInTransaction(
            Connection c,
            StreamPlan plan,
            QualifiedName rawSource,
            QualifiedName finalTarget,
            boolean lastPass,
            Sql.Work<?> prelude)
            throws SQLException {
        // the staging table of rows typed while loading, when this stream has one (see load.TypedLoadSetup)
        QualifiedName stagingTable = StreamPlanner.stagingTable(rawSource);
        Optional<QualifiedName> staging = plan.stream().deduplicates()
                        && !inspector.columns(c, stagingTable).isEmpty()
                ? Optional.of(stagingTable)
                : Optional.empty();
        try {
            return Sql.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> {
                lockStaging(c, staging);
                prelude.run();
                return typeOnce(c, plan, rawSource, finalTarget, staging, new Options(CastMode.DIRECT, lastPass));
            });
        } catch (SQLException e) {
            checkDistributionValues(c, plan, finalTarget, e);
            if (e.getSQLState() == null || !e.getSQLState().startsWith("22")) {
                throw e;
            }
            LOG.info(
                    "Typing {} with direct casts failed ({}); typing again with safe casts",
                    plan.descriptor(),
                    e.getSQLState());
            return Sql.inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> {
                lockStaging(c, staging);
                prelude.run();
                return typeOnce(c, plan, rawSource, finalTarget, staging, new Options(safeMode(c), lastPass));
            });
        }
    }

    /**
     * A row without a value in the distribution column of a table Citus distributes cannot be stored (no
     * shard holds it): a config error saying what to do, instead of typing again with safe casts.
     */
    private static void checkDistributionValues(Connection c, StreamPlan plan, QualifiedName target, SQLException e)
            throws SQLException {
        if (SqlStates.NULL_VALUE_NOT_ALLOWED.equals(e.getSQLState())) {
            CitusTables.Placement placement = CitusTables.placement(c, target);
            if (placement.distributed()) {
                throw CitusTables.nullDistributionValue(
                        plan, target, placement.column().get());
            }
        }
    }

    /**
     * Locks the staging table before the transaction's snapshot is taken: the snapshot then holds every
     * staged row, and the TRUNCATE at the end removes no row it did not see.
     */
    private static void lockStaging(Connection c, Optional<QualifiedName> staging) throws SQLException {
        if (staging.isPresent()) {
            Sql.execute(c, TableSql.lockExclusive(staging.get()));
        }
    }

    private TypingResult typeOnce(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            QualifiedName target,
            Optional<QualifiedName> staging,
            Options options)
            throws SQLException {
        CastMode mode = options.mode();
        Sql.executeAll(c, SessionSql.utcIsoDates());
        if (mode == CastMode.SAFE_FUNCTION) {
            boolean citus = CitusTables.installed(c);
            if (citus) {
                Sql.execute(c, CitusSql.localDdl());
            }
            Sql.execute(c, TypingSql.createSafeCastFunction());
            if (citus) {
                // the TRUNCATE or DROP of a distributed staging table at the end must reach its shards
                Sql.execute(c, CitusSql.distributedDdl());
            }
        }
        boolean stagedRows = staging.isPresent() && inspector.hasRows(c, staging.get());
        if (staging.isPresent() && !stagedRows && !sameShape(c, plan, staging.get(), target)) {
            staging = Optional.empty();
        }
        Pass pass = new Pass(
                c,
                plan,
                raw,
                target,
                inspector.typedColumns(c, target, plan.columns()),
                mode,
                keepDeletionRows,
                mode == CastMode.SAFE_FUNCTION
                        && CitusTables.placement(c, target).distributed(),
                options.lastPass(),
                staging.filter(s -> !stagedRows && plan.appliesDeletions()));
        Staged staged = Staged.NONE;
        Optional<QualifiedName> typedInto = pass.colocatedBatch().isPresent() ? Optional.empty() : staging;
        if (typedInto.isPresent()) {
            // raw rows the loader left to SQL join the rows typed while loading
            pass.insertTyped(typedInto.get(), into -> TypingSql.insertAppend(into, raw, pass.columns(), mode));
            long[] countAndNulled = Sql.queryTwoLongs(c, TypingSql.countStaged(typedInto.get()));
            staged = new Staged(typedInto, countAndNulled[0], countAndNulled[1]);
        }
        Counts counts = plan.stream().deduplicates() ? new Deduper(pass, inspector).dedupe(staged) : append(pass);
        // direct_load: the side table's rows are gone once typed (their records live in the final table only),
        // but for CDC deletion records, kept as in a raw table so that an older version cannot come back
        long marked = 0;
        if (plan.direct() && isSideTable(plan, raw)) {
            marked = Sql.update(c, TypingSql.deleteUnloaded(raw, plan.appliesDeletions()));
        }
        if (!plan.direct() || !isSideTable(plan, raw) || plan.appliesDeletions()) {
            marked += Sql.update(c, TypingSql.markLoaded(raw));
        }
        long typed = typedInto.isPresent() ? staged.rows() : marked;
        if (staging.isPresent()) {
            // the last pass drops it (gone already when it became the final table) unless Citus co-locates it
            // with the final table (kept empty for the next sync); otherwise loading goes on
            Sql.execute(
                    c,
                    options.lastPass() && !tables.staging().keepsStaging(c, plan, staging.get())
                            ? TableSql.dropTable(staging.get(), false)
                            : TableSql.truncate(staging.get()));
        }
        LOG.info(
                "Typed {} raw rows of {} into {} ({} values nulled, {} deletions applied{})",
                typed,
                plan.descriptor(),
                target,
                counts.nulled(),
                counts.deleted(),
                mode == CastMode.DIRECT ? "" : ", " + mode);
        return new TypingResult(typed, counts.deleted(), counts.nulled(), counts.inserted());
    }

    /**
     * False for an empty staging table whose columns are not the target's (one Citus kept from an earlier
     * sync for a stream that no longer types while loading; the next setup replaces it): the pass leaves it
     * alone. An empty staging table is otherwise used like any: the raw rows are typed into it, or, when the
     * stream applies CDC deletions (whose lookups of earlier deletion records only the batch table of {@link
     * DedupSql} makes), the batch is moved into it ({@link Pass#colocatedBatch}).
     */
    private boolean sameShape(Connection c, StreamPlan plan, QualifiedName staging, QualifiedName target)
            throws SQLException {
        boolean same = inspector.columns(c, staging).equals(inspector.columns(c, target));
        if (!same) {
            LOG.info("Stream {}: {} does not have the columns of {}; not used", plan.descriptor(), staging, target);
        }
        return same;
    }

    private static boolean isSideTable(StreamPlan plan, QualifiedName raw) {
        return raw.equals(plan.rawTable()) || raw.equals(plan.rawTempTable());
    }

    /**
     * Append; into an empty table, the connector's extracted_at index is built once after the insert (faster
     * than maintaining it row by row).
     */
    private static Counts append(Pass pass) throws SQLException {
        Connection c = pass.c();
        java.util.function.Function<QualifiedName, BoundSql> insert =
                into -> TypingSql.insertAppend(into, pass.raw(), pass.columns(), pass.mode());
        if (Sql.queryLong(c, CatalogSql.hasRows(pass.target())) == 1) {
            return Counts.ofInsert(pass.insertTyped(insert));
        }
        Identifier extractedAtIndex = IndexNames.of(pass.target(), IndexNames.EXTRACTED_AT);
        Sql.execute(c, FinalTableSql.dropIndex(pass.target().schema(), extractedAtIndex));
        Counts counts = Counts.ofInsert(pass.insertTyped(insert));
        Sql.execute(c, FinalTableSql.createIndex(extractedAtIndex, pass.target(), IndexNames.EXTRACTED_AT_COLUMNS));
        return counts;
    }

    private CastMode safeMode(Connection c) throws SQLException {
        return useInputIsValid && c.getMetaData().getDatabaseMajorVersion() >= 16
                ? CastMode.INPUT_IS_VALID
                : CastMode.SAFE_FUNCTION;
    }

    /**
     * One typing pass of one stream: where rows come from and go to, the target's columns, the cast mode,
     * and whether winning CDC deletion records are kept as rows ({@code cdc_deletion_mode} "Soft delete").
     * {@code colocatedBatch}: an empty staging table of a CDC stream, which the dedup batch is moved into
     * (on Citus, co-located with the target, so the merge runs on the workers; see {@link Deduper}).
     */
    record Pass(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            QualifiedName target,
            List<TypedColumn> columns,
            CastMode mode,
            boolean keepDeletionRows,
            boolean throughLocalTable,
            boolean lastPass,
            Optional<QualifiedName> colocatedBatch) {

        /**
         * Runs an insert of typed raw rows that returns its counts ({@code insertInto} gives it for a
         * target table). With {@code throughLocalTable} (safe casts by function into a table Citus
         * distributes) the rows are typed into a local temp table first and then moved to the target: the
         * function's exception block is a subtransaction, which Citus cannot run while it streams rows to
         * the shards.
         */
        long[] insertTyped(java.util.function.Function<QualifiedName, BoundSql> insertInto) throws SQLException {
            return insertTyped(target, insertInto);
        }

        /**
         * Like {@link #insertTyped(java.util.function.Function)} into {@code table}: the target or its staging
         * table, which Citus co-locates with it (the local temp table is dropped after the move, so a pass
         * may go through it twice).
         */
        long[] insertTyped(QualifiedName table, java.util.function.Function<QualifiedName, BoundSql> insertInto)
                throws SQLException {
            if (!throughLocalTable) {
                return Sql.queryTwoLongs(c, insertInto.apply(table));
            }
            Sql.execute(c, TypingSql.createLocalTyped(table));
            long[] counts = Sql.queryTwoLongs(c, insertInto.apply(TypingSql.LOCAL_TYPED));
            Sql.update(c, TypingSql.moveLocalTyped(table, columns));
            Sql.execute(c, TableSql.dropTable(TypingSql.LOCAL_TYPED, false));
            return counts;
        }
    }

    /** The staging table of rows typed while loading (if any): its rows and the values nulled in them. */
    record Staged(Optional<QualifiedName> table, long rows, long nulled) {
        static final Staged NONE = new Staged(Optional.empty(), -1, 0);
    }

    /**
     * Values nulled, final rows removed by CDC deletions (hard deletes; 0 with soft deletes), rows inserted
     * into the final table.
     */
    /** How one attempt of a typing pass runs: its cast mode, and whether it is the stream's last pass of the sync. */
    private record Options(CastMode mode, boolean lastPass) {}

    record Counts(long nulled, long deleted, long inserted) {
        /** From a {@code count(*), sum(nulled)} row of an insert. */
        static Counts ofInsert(long[] insertedAndNulled) {
            return new Counts(insertedAndNulled[1], 0, insertedAndNulled[0]);
        }
    }
}
