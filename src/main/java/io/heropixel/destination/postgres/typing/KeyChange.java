package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.SessionSql;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CitusTables;
import io.heropixel.destination.postgres.table.FinalTableSql;
import io.heropixel.destination.postgres.table.IndexNames;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary key or cursor of a dedup stream changed while its final table holds rows that no raw table
 * has ({@code direct_load} mode, now or earlier): the final table is deduplicated again in place by the new
 * key (the newest row per new key stays, by cursor, then extraction time) and its key index is rebuilt, in
 * one transaction. A table Citus distributes is deduplicated on the coordinator and distributed again.
 */
final class KeyChange {
    private static final Logger LOG = LoggerFactory.getLogger(KeyChange.class);

    private KeyChange() {}

    /**
     * @param keepDeletionRows {@code cdc_deletion_mode} "Soft delete": a key whose newest row is a CDC
     *     deletion keeps it; otherwise (hard deletes) such a key loses its row, as in a rebuild from raw
     */
    static void dedupeInPlace(Connection c, StreamPlan plan, QualifiedName target, boolean keepDeletionRows)
            throws SQLException {
        Identifier index = IndexNames.of(target, IndexNames.PRIMARY_KEY);
        long[] deletedAndNulled = Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            Sql.execute(c, SessionSql.sortMemory());
            // the dedup deletes by row address, which a table Citus distributes does not offer
            long[] result = CitusTables.onCoordinator(
                    c, target, () -> Sql.queryTwoLongs(c, DedupSql.deleteOlderVersions(target, plan, false)));
            Sql.execute(c, SessionSql.defaultSortMemory());
            if (!keepDeletionRows && plan.cdcDeletedAtColumn().isPresent()) {
                // rows of deletion records kept while the stream was not deduplicated (append keeps them)
                result[0] += Sql.update(
                        c,
                        DedupSql.deleteDeletionRows(
                                target, plan.cdcDeletedAtColumn().get()));
            }
            Sql.execute(c, FinalTableSql.dropIndex(target.schema(), index));
            Sql.execute(c, FinalTableSql.createIndex(index, target, plan.dedupKey()));
            return result;
        });
        LOG.warn(
                "Stream {}: the primary key or cursor changed ({}); {} deduplicated again in place by the new key"
                        + " ({} rows of older versions removed; no raw table holds all of its records)",
                plan.descriptor(),
                plan.dedupKey(),
                target,
                deletedAndNulled[0]);
    }
}
