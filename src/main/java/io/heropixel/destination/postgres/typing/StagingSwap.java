package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first typing of a dedup stream into an EMPTY final table that nothing depends on: instead of
 * copying the newest version of every key from the staging table into the final table, the staging table
 * is deduplicated in place and becomes the final table (drop the empty table, move and rename the staging
 * table, build the final table's indexes), and a new empty staging table takes its place. Rows are written
 * once instead of twice; at 10 M records that is about a third of the typing time. Runs inside the typing
 * transaction; when anything is in the way (a view, grants, comments, another owner, triggers, an index,
 * constraint or default a user added, a name taken) it changes nothing and the caller copies the rows as usual.
 */
final class StagingSwap {
    private static final Logger LOG = LoggerFactory.getLogger(StagingSwap.class);

    private final SqlGenerator sql;

    StagingSwap(SqlGenerator sql) {
        this.sql = requireNonNull(sql, "sql is null");
    }

    /**
     * True when dropping {@code target} loses nothing that a table created {@code LIKE} it lacks: no
     * dependent objects, grants, comments, other owner, triggers, policies or storage options, and no index,
     * constraint, default or sequence a user added.
     */
    private boolean replaceableByStaging(Connection c, QualifiedName target) throws SQLException {
        String table = target.quoted();
        return TableReplacer.strings(c, sql.dependentObjectsSql(), table).isEmpty()
                && TableReplacer.strings(c, sql.tablePropertiesSql(), table)
                        .get(0)
                        .isEmpty()
                && TableReplacer.strings(
                                c,
                                sql.tableDefinitionExtrasSql(),
                                table,
                                StreamPlanner.indexName(target, TypingDeduper.INDEX_EXTRACTED_AT)
                                        .name(),
                                StreamPlanner.indexName(target, TypingDeduper.INDEX_PRIMARY_KEY)
                                        .name(),
                                table,
                                table,
                                table)
                        .get(0)
                        .equals("0");
    }

    /**
     * Deletes the older versions of each key from the staging table; returns the rows deleted and the values
     * nulled in them. The older versions are found by one sort of the keys (64 MB of sort memory) and deleted
     * by their row address. From Postgres 12 on, hash and merge joins are off for that statement, so each
     * address is visited directly (a TID scan per row, in address order, so the table is read once, front to
     * back) instead of hashing the address of every staged row (faster on large tables, see
     * docs/benchmarks.md); before 12 the planner cannot look a row up by an address coming from a join, and
     * would scan the table once per deleted row.
     */
    private long[] deleteOlderVersions(
            Connection c, QualifiedName staging, List<Identifier> primaryKey, Optional<Identifier> cursor)
            throws SQLException {
        boolean tidJoin = joinsByAddress(c);
        Jdbc.execute(c, sql.sortMemorySql());
        if (tidJoin) {
            Jdbc.executeAll(c, sql.nestedLoopJoinsSql());
        }
        long[] deletedAndNulled =
                Jdbc.queryTwoLongs(c, sql.deleteOlderVersionsSql(staging, primaryKey, cursor, tidJoin));
        if (tidJoin) {
            Jdbc.executeAll(c, sql.defaultJoinsSql());
        }
        Jdbc.execute(c, sql.defaultSortMemorySql());
        return deletedAndNulled;
    }

    /** True when the server can look rows up by an address coming from a join (parameterized TID scans, 12+). */
    static boolean joinsByAddress(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion() >= 12;
    }

    /** Rows deleted and values nulled in the rows kept; empty when the swap was not possible. */
    record Result(long deleted, long nulled) {}

    /** @param stagedNulled values nulled by type errors in all the staged rows */
    Optional<Result> swap(
            Connection c,
            QualifiedName staging,
            long stagedNulled,
            QualifiedName target,
            List<Identifier> primaryKey,
            Optional<Identifier> cursor,
            List<Identifier> keyIndexColumns)
            throws SQLException {
        if (!replaceableByStaging(c, target)) {
            return Optional.empty();
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            long[] deletedAndNulled = deleteOlderVersions(c, staging, primaryKey, cursor);
            Jdbc.execute(c, sql.dropTableSql(target, false));
            QualifiedName moved = new QualifiedName(staging.schema(), target.table());
            Jdbc.execute(c, sql.renameTableSql(staging, target.table()));
            if (!staging.schema().equals(target.schema())) {
                Jdbc.execute(c, sql.setSchemaSql(moved, target.schema()));
            }
            Jdbc.execute(c, sql.resetAutovacuumSql(target));
            Jdbc.execute(
                    c,
                    sql.createIndexSql(
                            StreamPlanner.indexName(target, TypingDeduper.INDEX_EXTRACTED_AT),
                            target,
                            List.of(Identifier.of("_airbyte_extracted_at"))));
            Jdbc.execute(
                    c,
                    sql.createIndexSql(
                            StreamPlanner.indexName(target, TypingDeduper.INDEX_PRIMARY_KEY), target, keyIndexColumns));
            Jdbc.execute(c, sql.createStagingTableSql(staging, target));
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
}
