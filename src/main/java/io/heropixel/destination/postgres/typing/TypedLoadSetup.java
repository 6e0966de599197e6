package io.heropixel.destination.postgres.typing;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.load.RecordTyper;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
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
 * is emptied first, its raw rows marked not typed so SQL types them again.
 */
final class TypedLoadSetup {
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

    private final SqlGenerator sql;
    private final TableInspector inspector;

    TypedLoadSetup(SqlGenerator sql, TableInspector inspector) {
        this.sql = requireNonNull(sql, "sql is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
    }

    LoadFormat prepare(Connection c, StreamPlan plan, QualifiedName raw, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            QualifiedName staging = StreamPlanner.stagingTable(raw);
            recoverStaging(c, raw, staging);
            if (!hasTypes(inspector.columns(c, raw), RAW_TYPES)) {
                LOG.info(
                        "Stream {}: {} has non-standard column types; loading it in text format",
                        plan.descriptor(),
                        raw);
                return LoadFormat.TEXT;
            }
            if (finalTarget.isEmpty() || TypingDeduper.appliesDeletions(plan.stream())) {
                return new LoadFormat(true, Optional.empty());
            }
            QualifiedName target = finalTarget.get();
            if (!hasTypes(inspector.columns(c, target), FINAL_META_TYPES)) {
                return new LoadFormat(true, Optional.empty());
            }
            List<TypedColumn> columns = inspector.typedColumns(c, target, plan.columns());
            if (RecordTyper.forColumns(columns, 0, 0).isEmpty()) {
                LOG.info("Stream {}: a column of {} has a type typed by SQL only", plan.descriptor(), target);
                return new LoadFormat(true, Optional.empty());
            }
            if (!plan.stream().deduplicates()) {
                return new LoadFormat(true, Optional.of(new LoadFormat.Typed(target, columns, true)));
            }
            Jdbc.execute(c, sql.createStagingTableSql(staging, target));
            return new LoadFormat(true, Optional.of(new LoadFormat.Typed(staging, columns, false)));
        });
    }

    void recoverStaging(Connection c, QualifiedName raw, QualifiedName staging) throws SQLException {
        if (inspector.columns(c, staging).isEmpty()) {
            return;
        }
        // nearly always empty (every typing pass empties it): then no lookup in the raw table
        long reset = Jdbc.queryLong(c, sql.hasRowsSql(staging), 1) == 0
                ? 0
                : Jdbc.update(c, sql.resetLoadedAtOfStagedSql(raw, staging));
        if (reset > 0) {
            LOG.info(
                    "{} held rows typed by an interrupted sync; {} raw rows of {} will be typed again",
                    staging,
                    reset,
                    raw);
        }
        Jdbc.execute(c, sql.dropTableSql(staging, false));
    }

    /**
     * Drops the staging tables of the stream's raw table and raw temp table when they exist and are empty:
     * they are needed only while a sync loads, and one that still holds rows (typing did not finish) is
     * kept for the next sync to recover.
     */
    void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
        for (QualifiedName raw : List.of(plan.rawTable(), plan.rawTempTable())) {
            QualifiedName staging = StreamPlanner.stagingTable(raw);
            Jdbc.inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
                if (inspector.columns(c, staging).isEmpty()) {
                    return null;
                }
                Jdbc.execute(c, sql.lockExclusiveSql(staging));
                if (Jdbc.queryLong(c, sql.hasRowsSql(staging), 1) == 0) {
                    Jdbc.execute(c, sql.dropTableSql(staging, false));
                } else {
                    LOG.info("{} still holds typed rows; keeping it for the next sync", staging);
                }
                return null;
            });
        }
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
