package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
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
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a typing pass with one cast mode, in the caller's transaction (see {@link TypingDeduper},
 * which retries with safe casts): types the raw rows into the final table (append here, dedup by {@link
 * Deduper}), together with the rows typed while loading when the stream has a staging table, marks the raw
 * rows typed (in direct mode deletes the side rows), and empties or drops the staging table.
 */
final class TypingAttempt {
    private static final Logger LOG = LoggerFactory.getLogger(TypingAttempt.class);

    private final TableLifecycle tables;
    private final TableInspector inspector;
    private final boolean keepDeletionRows;

    TypingAttempt(TableLifecycle tables) {
        this.tables = tables;
        this.inspector = tables.inspector();
        this.keepDeletionRows = tables.config().cdcDeletionMode().keepsDeletionRows();
    }

    /**
     * @param staging the stream's staging table of rows typed while loading, if it has one, locked by the
     *     caller before its transaction's snapshot
     * @param lastPass the stream's last typing pass of the sync (see {@link TypingDeduper#typeAndDedupe})
     */
    TypingResult run(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            QualifiedName target,
            Optional<QualifiedName> staging,
            CastMode mode,
            boolean lastPass)
            throws SQLException {
        prepareSession(c, mode);
        boolean stagedRows = staging.isPresent() && inspector.hasRows(c, staging.get());
        Optional<QualifiedName> used = staging.isPresent() && !stagedRows && !sameShape(c, plan, staging.get(), target)
                ? Optional.empty()
                : staging;
        TypingPass pass = new TypingPass(
                c,
                plan,
                raw,
                target,
                inspector.typedColumns(c, target, plan.columns()),
                mode,
                keepDeletionRows,
                mode == CastMode.SAFE_FUNCTION
                        && CitusTables.placement(c, target).distributed(),
                lastPass,
                used.filter(s -> !stagedRows && plan.appliesDeletions()));
        Optional<QualifiedName> typedInto = pass.colocatedBatch().isPresent() ? Optional.empty() : used;
        TypingPass.Staged staged =
                typedInto.isPresent() ? typeIntoStaging(pass, typedInto.get()) : TypingPass.Staged.NONE;
        TypingPass.Counts counts =
                plan.stream().deduplicates() ? new Deduper(pass, inspector).dedupe(staged) : append(pass);
        long marked = markTyped(c, plan, raw);
        long typed = typedInto.isPresent() ? staged.rows() : marked;
        if (used.isPresent()) {
            finishStaging(c, plan, used.get(), lastPass);
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

    /** UTC ISO dates for the casts; with safe casts by function, the function (created on Citus locally). */
    private static void prepareSession(Connection c, CastMode mode) throws SQLException {
        Sql.executeAll(c, SessionSql.utcIsoDates());
        if (mode == CastMode.SAFE_FUNCTION) {
            boolean citus = CitusTables.installed(c);
            if (citus) {
                Sql.execute(c, CitusSql.ddlPropagation(false));
            }
            Sql.execute(c, TypingSql.createSafeCastFunction());
            if (citus) {
                // the TRUNCATE or DROP of a distributed staging table at the end must reach its shards
                Sql.execute(c, CitusSql.ddlPropagation(true));
            }
        }
    }

    /**
     * False for an empty staging table whose columns are not the target's (one Citus kept from an earlier
     * sync for a stream that no longer types while loading; the next setup replaces it): the pass leaves it
     * alone. An empty staging table is otherwise used like any: the raw rows are typed into it, or, when the
     * stream applies CDC deletions (whose lookups of earlier deletion records only the batch table of {@link
     * DedupSql} makes), the batch is moved into it ({@link TypingPass#colocatedBatch}).
     */
    private boolean sameShape(Connection c, StreamPlan plan, QualifiedName staging, QualifiedName target)
            throws SQLException {
        boolean same = inspector.columns(c, staging).equals(inspector.columns(c, target));
        if (!same) {
            LOG.info("Stream {}: {} does not have the columns of {}; not used", plan.descriptor(), staging, target);
        }
        return same;
    }

    /** Raw rows the loader left to SQL join the rows typed while loading in the staging table. */
    private static TypingPass.Staged typeIntoStaging(TypingPass pass, QualifiedName staging) throws SQLException {
        pass.insertTyped(staging, into -> TypingSql.insertAppend(into, pass.raw(), pass.columns(), pass.mode()));
        long[] countAndNulled = Sql.queryTwoLongs(pass.c(), TypingSql.countStaged(staging));
        return new TypingPass.Staged(Optional.of(staging), countAndNulled[0], countAndNulled[1]);
    }

    /**
     * Append; into an empty table, the connector's extracted_at index is built once after the insert (faster
     * than maintaining it row by row).
     */
    private static TypingPass.Counts append(TypingPass pass) throws SQLException {
        Connection c = pass.c();
        Function<QualifiedName, BoundSql> insert =
                into -> TypingSql.insertAppend(into, pass.raw(), pass.columns(), pass.mode());
        if (Sql.queryLong(c, CatalogSql.hasRows(pass.target())) == 1) {
            return TypingPass.Counts.ofInsert(pass.insertTyped(insert));
        }
        Identifier extractedAtIndex = IndexNames.of(pass.target(), IndexNames.EXTRACTED_AT);
        Sql.execute(c, FinalTableSql.dropIndex(pass.target().schema(), extractedAtIndex));
        TypingPass.Counts counts = TypingPass.Counts.ofInsert(pass.insertTyped(insert));
        Sql.execute(c, FinalTableSql.createIndex(extractedAtIndex, pass.target(), IndexNames.EXTRACTED_AT_COLUMNS));
        return counts;
    }

    /**
     * Marks the raw rows typed and returns how many. direct_load: the side table's rows are gone once typed
     * (their records live in the final table only), but for CDC deletion records, kept as in a raw table so
     * that an older version cannot come back.
     */
    private static long markTyped(Connection c, StreamPlan plan, QualifiedName raw) throws SQLException {
        long marked = 0;
        if (plan.direct() && isSideTable(plan, raw)) {
            marked = Sql.update(c, TypingSql.deleteUnloaded(raw, plan.appliesDeletions()));
        }
        if (!plan.direct() || !isSideTable(plan, raw) || plan.appliesDeletions()) {
            marked += Sql.update(c, TypingSql.markLoaded(raw));
        }
        return marked;
    }

    private static boolean isSideTable(StreamPlan plan, QualifiedName raw) {
        return raw.equals(plan.rawTable()) || raw.equals(plan.rawTempTable());
    }

    /**
     * The last pass drops the staging table (gone already when it became the final table) unless Citus
     * co-locates it with the final table (kept empty for the next sync); otherwise loading goes on.
     */
    private void finishStaging(Connection c, StreamPlan plan, QualifiedName staging, boolean lastPass)
            throws SQLException {
        Sql.execute(
                c,
                lastPass && !tables.staging().keepsStaging(c, plan, staging)
                        ? TableSql.dropTable(staging, false)
                        : TableSql.truncate(staging));
    }
}
