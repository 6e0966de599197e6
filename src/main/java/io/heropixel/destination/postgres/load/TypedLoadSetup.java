package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.StagingTables;
import io.heropixel.destination.postgres.table.TableInspector;
import io.heropixel.destination.postgres.table.TableLifecycle;
import io.heropixel.destination.postgres.table.TypedColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, after a stream's tables are prepared, how its records are written while loading (see
 * docs/write-path.md, "Typing while loading"): raw rows in binary COPY format when the raw table has the
 * standard column types; typed in the JVM ({@link RecordTyper}) when typing is on, the stream applies no
 * CDC deletions and every final-table column has a type the JVM encodes. Typed rows of an append stream go
 * straight into the final table; those of a dedup stream into a staging table next to the raw table,
 * deduplicated into the final table when the stream is typed. A staging table left by an interrupted sync
 * is emptied first, its raw rows marked not typed so SQL types them again; in {@code direct_load} mode (no
 * raw rows behind the staged rows) it is kept instead, see {@link TableLifecycle#keepStaging}.
 */
public final class TypedLoadSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TypedLoadSetup.class);
    private static final Map<String, String> RAW_TYPES = Map.of(
            "_airbyte_extracted_at", "timestamp with time zone",
            "_airbyte_loaded_at", "timestamp with time zone",
            "_airbyte_data", "jsonb",
            "_airbyte_meta", "jsonb",
            "_airbyte_generation_id", "bigint");
    private static final Map<String, String> FINAL_META_TYPES = Map.of(
            "_airbyte_extracted_at", "timestamp with time zone",
            "_airbyte_meta", "jsonb",
            "_airbyte_generation_id", "bigint");

    private final TableLifecycle tables;
    private final TableInspector inspector;

    public TypedLoadSetup(TableLifecycle tables) {
        this.tables = requireNonNull(tables, "tables is null");
        this.inspector = tables.inspector();
    }

    /**
     * How the stream's records are written while loading, decided after its tables are prepared ({@code
     * finalTarget} empty when typing is disabled).
     */
    public LoadFormat prepare(Connection c, StreamPlan plan, QualifiedName raw, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return Sql.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            tables.staging().prepareStagingTransaction(c);
            QualifiedName staging = StreamPlanner.stagingTable(raw);
            // in direct mode its rows are committed records with no raw row behind them: the typing pass
            // merges them
            StagingTables.Staging state = plan.direct()
                    ? tables.staging().keepStaging(c, plan, staging, finalTarget)
                    : tables.staging().recoverStaging(c, plan, raw, staging);
            LoadFormat format = choose(c, plan, raw, finalTarget, staging, state);
            boolean intoStaging =
                    format.typed().map(t -> t.table().equals(staging)).orElse(false);
            if (!intoStaging && state != StagingTables.Staging.KEPT_ROWS) {
                if (finalTarget.isPresent() && plan.stream().deduplicates()) {
                    // on Citus the typing SQL merges through a staging table co-located with the final table
                    tables.staging().prepareSqlStaging(c, plan, staging, finalTarget.get(), state);
                } else if (state == StagingTables.Staging.PARKED) {
                    tables.drop(c, staging);
                }
            }
            return format;
        });
    }

    private LoadFormat choose(
            Connection c,
            StreamPlan plan,
            QualifiedName raw,
            Optional<QualifiedName> finalTarget,
            QualifiedName staging,
            StagingTables.Staging state)
            throws SQLException {
        boolean direct = plan.direct();
        // one catalog query for both tables
        Map<QualifiedName, Map<String, String>> read = inspector.columns(
                c, finalTarget.map(target -> List.of(raw, target)).orElse(List.of(raw)));
        if (!hasTypes(read.get(raw), RAW_TYPES)) {
            LOG.info("Stream {}: {} has non-standard column types; loading it in text format", plan.descriptor(), raw);
            return LoadFormat.TEXT;
        }
        LoadFormat bySql = new LoadFormat(true, Optional.empty(), direct);
        if (finalTarget.isEmpty() || plan.appliesDeletions()) {
            return bySql;
        }
        QualifiedName target = finalTarget.get();
        Map<String, String> targetColumns = read.get(target);
        if (!hasTypes(targetColumns, FINAL_META_TYPES)) {
            return bySql;
        }
        List<TypedColumn> columns = inspector.typedColumns(targetColumns, target, plan.columns());
        if (RecordTyper.forColumns(columns, 0, 0).isEmpty()) {
            LOG.info("Stream {}: a column of {} has a type typed by SQL only", plan.descriptor(), target);
            return bySql;
        }
        if (!plan.stream().deduplicates()) {
            return new LoadFormat(true, Optional.of(new LoadFormat.Typed(target, columns, true)), direct);
        }
        if (state != StagingTables.Staging.KEPT_ROWS) {
            tables.staging().createStaging(c, plan, staging, target, state);
        }
        return new LoadFormat(true, Optional.of(new LoadFormat.Typed(staging, columns, false)), direct);
    }

    private static boolean hasTypes(Map<String, String> actual, Map<String, String> expected) {
        String rawId = actual.get("_airbyte_raw_id");
        if (rawId == null || !(rawId.startsWith("character varying") || rawId.equals("text"))) {
            return false;
        }
        for (Map.Entry<String, String> column : expected.entrySet()) {
            if (!column.getValue().equals(actual.get(column.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
