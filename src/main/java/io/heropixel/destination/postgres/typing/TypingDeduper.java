package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.error.SqlStates;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CitusTables;
import io.heropixel.destination.postgres.table.TableInspector;
import io.heropixel.destination.postgres.table.TableLifecycle;
import io.heropixel.destination.postgres.table.TableSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typing pass: types the raw rows not yet typed into the final table (append, or dedup with CDC hard
 * or soft deletes as {@code cdc_deletion_mode} says, see {@link Deduper}) and marks them typed, in one
 * transaction: with direct casts, then, after a data error, again with safe casts (each attempt a {@link
 * TypingAttempt}). Every public method runs its own transactions on the given connection and leaves its
 * auto-commit setting as it found it. The tables themselves are created and evolved by {@link
 * TableLifecycle}.
 */
public final class TypingDeduper {
    private static final Logger LOG = LoggerFactory.getLogger(TypingDeduper.class);

    private final TableLifecycle tables;
    private final TableInspector inspector;
    private final TypingAttempt attempt;
    private final boolean useInputIsValid;

    public TypingDeduper(TableLifecycle tables) {
        this(tables, true);
    }

    /** @param useInputIsValid use {@code pg_input_is_valid} for safe casts on Postgres 16+ (tests turn it off) */
    TypingDeduper(TableLifecycle tables, boolean useInputIsValid) {
        this.tables = requireNonNull(tables, "tables is null");
        this.inspector = tables.inspector();
        this.attempt = new TypingAttempt(tables);
        this.useInputIsValid = useInputIsValid;
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
            KeyChange.dedupeInPlace(
                    c, plan, target, tables.config().cdcDeletionMode().keepsDeletionRows());
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
                return attempt.run(c, plan, rawSource, finalTarget, staging, CastMode.DIRECT, lastPass);
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
                return attempt.run(c, plan, rawSource, finalTarget, staging, safeMode(c), lastPass);
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

    private CastMode safeMode(Connection c) throws SQLException {
        return useInputIsValid && c.getMetaData().getDatabaseMajorVersion() >= 16
                ? CastMode.INPUT_IS_VALID
                : CastMode.SAFE_FUNCTION;
    }
}
