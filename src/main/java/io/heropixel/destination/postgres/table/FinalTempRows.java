package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code direct_load}: a stream that no longer truncates left the final temp table of an interrupted refresh.
 * Its rows are records that no raw table holds, so they are kept: an append stream's go into the final
 * table, a dedup stream's into the staging table of its side table, from which the typing pass merges them
 * by key like the rows typed while loading. Columns are matched by name. In the caller's transaction.
 */
final class FinalTempRows {
    private static final Logger LOG = LoggerFactory.getLogger(FinalTempRows.class);

    private FinalTempRows() {}

    static void keep(Connection c, TableInspector inspector, StreamPlan plan) throws SQLException {
        QualifiedName temp = plan.finalTempTable();
        if (!inspector.hasRows(c, temp)) {
            return;
        }
        QualifiedName into = plan.finalTable();
        if (plan.stream().deduplicates()) {
            into = StreamPlanner.stagingTable(plan.rawTable());
            if (inspector.columns(c, into).isEmpty()) {
                Sql.execute(c, RawTableSql.createStaging(into, temp));
            }
        } else if (inspector.columns(c, into).isEmpty()) {
            Sql.execute(c, TableSql.renameTable(temp, into.table()));
            LOG.info("Stream {}: {} became {}", plan.descriptor(), temp, into);
            return;
        }
        Map<String, String> target = inspector.columns(c, into);
        List<Identifier> common = new ArrayList<>();
        for (String column : inspector.columns(c, temp).keySet()) {
            if (target.containsKey(column)) {
                common.add(Identifier.of(column));
            }
        }
        long moved = Sql.update(c, TableSql.copyRows(temp, into, common));
        LOG.info(
                "Stream {} no longer truncates: kept the {} rows of its interrupted refresh ({} into {})",
                plan.descriptor(),
                moved,
                temp,
                into);
    }
}
