package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A staging table of typed rows becomes an EMPTY final table that nothing depends on (the first typing of
 * a dedup stream, see {@code typing.StagedDedup}): drop the empty table, move and rename the staging table,
 * build the final table's indexes, and (unless it is the sync's last typing pass) create a new empty staging
 * table in its place. Rows are written once
 * instead of twice (figures in docs/benchmarks-log.md).
 */
public final class StagingSwap {
    private StagingSwap() {}

    /**
     * True when dropping {@code target} loses nothing that a table created {@code LIKE} it lacks: no
     * dependent objects, grants, comments, other owner, triggers, policies or storage options, and no index,
     * constraint, default or sequence a user added.
     */
    public static boolean replaceable(Connection c, QualifiedName target) throws SQLException {
        String table = target.quoted();
        // a table Citus distributes keeps its placement: the local staging table cannot take its place
        return CitusTables.placement(c, target).kind() == CitusTables.Kind.LOCAL
                && Sql.queryStrings(c, CatalogSql.dependentObjects(), table).isEmpty()
                && Sql.queryStrings(c, CatalogSql.tableProperties(), table)
                        .get(0)
                        .isEmpty()
                && Sql.queryStrings(
                                c,
                                CatalogSql.tableDefinitionExtras(),
                                table,
                                IndexNames.of(target, IndexNames.EXTRACTED_AT).name(),
                                IndexNames.of(target, IndexNames.PRIMARY_KEY).name(),
                                table,
                                table,
                                table)
                        .get(0)
                        .equals("0");
    }

    /**
     * Makes {@code staging} the table {@code target} (which must be {@link #replaceable} and empty), with the
     * connector's indexes, and, with {@code newStaging} (rows are still to be loaded), creates a new empty
     * staging table. Runs in the caller's transaction.
     */
    public static void promote(
            Connection c,
            QualifiedName staging,
            QualifiedName target,
            List<Identifier> keyIndexColumns,
            boolean newStaging)
            throws SQLException {
        Sql.execute(c, TableSql.dropTable(target, false));
        QualifiedName moved = new QualifiedName(staging.schema(), target.table());
        Sql.execute(c, TableSql.renameTable(staging, target.table()));
        if (!staging.schema().equals(target.schema())) {
            Sql.execute(c, TableSql.setSchema(moved, target.schema()));
        }
        Sql.execute(c, RawTableSql.resetAutovacuum(target));
        Sql.execute(
                c,
                FinalTableSql.createIndex(
                        IndexNames.of(target, IndexNames.EXTRACTED_AT), target, IndexNames.EXTRACTED_AT_COLUMNS));
        Sql.execute(
                c, FinalTableSql.createIndex(IndexNames.of(target, IndexNames.PRIMARY_KEY), target, keyIndexColumns));
        if (newStaging) {
            Sql.execute(c, RawTableSql.createStaging(staging, target));
        }
    }
}
