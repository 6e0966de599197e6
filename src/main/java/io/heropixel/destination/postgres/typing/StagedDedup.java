package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.StagingSwap;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first typing of a dedup stream into an EMPTY final table that nothing depends on: instead of copying
 * the newest version of every key from the staging table into the final table, the staging table is
 * deduplicated in place and becomes the final table ({@link StagingSwap}). Runs inside the typing
 * transaction; when anything is in the way (a view, grants, comments, another owner, triggers, an index,
 * constraint or default a user added, a name taken) it changes nothing and the caller copies the rows as
 * usual.
 */
final class StagedDedup {
    private static final Logger LOG = LoggerFactory.getLogger(StagedDedup.class);

    private StagedDedup() {}

    /** Rows deleted and values nulled in the rows kept. */
    record Result(long deleted, long nulled) {}

    /**
     * @param stagedNulled values nulled by type errors in all the staged rows
     * @param newStaging create a new empty staging table in its place (loading goes on after this pass)
     * @return empty when the swap was not possible (nothing was changed)
     */
    static Optional<Result> swap(
            Connection c,
            StreamPlan plan,
            QualifiedName staging,
            long stagedNulled,
            QualifiedName target,
            boolean newStaging)
            throws SQLException {
        if (!StagingSwap.replaceable(c, target)) {
            return Optional.empty();
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            long[] deletedAndNulled = deleteOlderVersions(c, plan, staging, Optional.empty());
            StagingSwap.promote(c, staging, target, plan.dedupKey(), newStaging);
            c.releaseSavepoint(savepoint);
            LOG.info(
                    "{} became {} (deduplicated in place, {} older versions removed)",
                    staging,
                    target,
                    deletedAndNulled[0]);
            return Optional.of(new Result(deletedAndNulled[0], stagedNulled - deletedAndNulled[1]));
        } catch (SQLException e) {
            c.rollback(savepoint);
            LOG.info("Could not make {} the table {} ({}); copying its rows instead", staging, target, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Deletes the older versions of each key from the staging table; returns the rows deleted and the values
     * nulled in them. The older versions are found by one sort of the keys (more sort memory) and deleted by
     * their row address. From Postgres 12 on, hash and merge joins are off for that statement, so each
     * address is visited directly (a TID scan per row, in address order, so the table is read once, front to
     * back) instead of hashing the address of every staged row (figures in docs/benchmarks-log.md); before 12 the
     * planner cannot look a row up by an address coming from a join, and would scan the table once per
     * deleted row. {@code shard}: the column Citus distributes the staging table on (see {@link
     * CitusDedupSql}), else empty.
     */
    static long[] deleteOlderVersions(Connection c, StreamPlan plan, QualifiedName staging, Optional<Identifier> shard)
            throws SQLException {
        if (shard.isPresent()) {
            // Citus, co-located on shard: counted first by the workers, then deleted by shard and address
            long[] deletedAndNulled = Sql.queryTwoLongs(c, CitusDedupSql.countOlderVersions(staging, plan));
            Sql.execute(c, CitusDedupSql.deleteOlderVersions(staging, plan, shard.get()));
            return deletedAndNulled;
        }
        boolean tidJoin = joinsByAddress(c);
        List<String> settings = new ArrayList<>(List.of(SessionSql.sortMemory()));
        List<String> defaults = new ArrayList<>(List.of(SessionSql.defaultSortMemory()));
        if (tidJoin) {
            settings.addAll(SessionSql.nestedLoopJoins());
            defaults.addAll(SessionSql.defaultJoins());
        }
        Sql.executeAll(c, settings);
        long[] deletedAndNulled = Sql.queryTwoLongs(c, DedupSql.deleteOlderVersions(staging, plan, tidJoin));
        Sql.executeAll(c, defaults);
        return deletedAndNulled;
    }

    /** True when the server can look rows up by an address coming from a join (parameterized TID scans, 12+). */
    static boolean joinsByAddress(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 12;
    }
}
