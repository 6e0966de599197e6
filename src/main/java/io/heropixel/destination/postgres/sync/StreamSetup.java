package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.table.CatalogSql;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.TableInspector;
import io.heropixel.destination.postgres.table.TableSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares one stream's tables before loading and decides where its rows go (see docs/write-path.md):
 *
 * <ul>
 *   <li>Append and dedup streams write into the raw table and type into the final table.
 *   <li>Truncating streams (overwrite, truncate refresh) write into a table directly when it is empty or
 *       already holds rows of this generation (a resumed attempt); otherwise into its {@code _airbyte_tmp}
 *       table, which is swapped in when the stream completes. A temp table of another generation is
 *       recreated; one of this generation is appended to (resume).
 * </ul>
 */
public final class StreamSetup {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSetup.class);

    private final TableInspector inspector = new TableInspector();
    private final TableOperations tables;
    private final boolean typingEnabled;
    private final boolean dropCascade;

    public StreamSetup(TableOperations tables, boolean typingEnabled, boolean dropCascade) {
        this.tables = requireNonNull(tables, "tables is null");
        this.typingEnabled = typingEnabled;
        this.dropCascade = dropCascade;
    }

    public StreamTargets prepare(Connection connection, StreamPlan plan) throws SQLException {
        ConfiguredStream stream = plan.stream();
        tables.prepareRawTable(connection, plan, plan.rawTable());
        if (!stream.truncates()) {
            if (typingEnabled) {
                tables.prepareFinalTable(connection, plan, plan.finalTable());
                if (plan.direct()) {
                    typeRawRowsLeftBeforeDirect(connection, plan);
                }
            }
            return new StreamTargets(
                    plan, plan.rawTable(), typingEnabled ? Optional.of(plan.finalTable()) : Optional.empty());
        }
        long generation = stream.generationId();
        QualifiedName rawTarget = plan.rawTable();
        boolean rawTempFresh = false;
        if (!canWriteDirectly(connection, plan.rawTable(), generation)) {
            rawTarget = plan.rawTempTable();
            rawTempFresh = prepareTemp(connection, plan.rawTempTable(), generation);
            tables.prepareRawTable(connection, plan, plan.rawTempTable());
        }
        LOG.info("Stream {}: truncating (generation {}); raw rows go to {}", plan.descriptor(), generation, rawTarget);
        if (!typingEnabled) {
            return new StreamTargets(plan, rawTarget, Optional.empty());
        }
        QualifiedName finalTarget = plan.finalTable();
        boolean exists = inspector.exists(connection, plan.finalTable());
        if (exists && !canWriteDirectly(connection, plan.finalTable(), generation)) {
            finalTarget = plan.finalTempTable();
            boolean fresh;
            if (rawTempFresh && !plan.direct()) {
                // The typed rows of a final temp table are only valid with the raw rows behind them (in
                // direct mode its rows are records that exist nowhere else: kept by generation instead).
                Sql.execute(connection, TableSql.dropTable(plan.finalTempTable(), dropCascade));
                fresh = true;
            } else {
                fresh = prepareTemp(connection, plan.finalTempTable(), generation);
            }
            tables.prepareFinalTable(connection, plan, plan.finalTempTable());
            if (fresh && !rawTempFresh && !plan.direct()) {
                // A new final temp table must receive every raw row of this generation, typed or not.
                Sql.execute(connection, RawTableSql.resetLoadedAt(rawTarget));
            }
        } else {
            tables.prepareFinalTable(connection, plan, plan.finalTable());
        }
        return new StreamTargets(plan, rawTarget, Optional.of(finalTarget));
    }

    /**
     * A stream switched to {@code direct_load} whose raw table still holds rows not yet typed (its last sync
     * in raw mode was interrupted before typing), or whose staging table still holds rows typed while
     * loading: they are typed into the final table now, since direct mode no longer reads the raw table.
     */
    private void typeRawRowsLeftBeforeDirect(Connection connection, StreamPlan plan) throws SQLException {
        QualifiedName raw = plan.namedRawTable();
        if (!inspector.exists(connection, raw)) {
            return;
        }
        QualifiedName staging = StreamPlanner.stagingTable(raw);
        boolean staged = inspector.exists(connection, staging) && inspector.hasRows(connection, staging);
        if (staged || Sql.queryLong(connection, CatalogSql.hasUnprocessedRows(raw)) == 1) {
            // the typing pass also merges the rows of the raw table's staging table
            LOG.info("Stream {}: typing the rows {} holds from before direct_load", plan.descriptor(), raw);
            tables.typeAndDedupe(connection, plan.leftoverRawPlan(), raw, plan.finalTable());
        }
    }

    /**
     * True when a truncating stream may write straight into {@code table}: it is absent or empty, or it
     * holds rows of this generation (an earlier attempt of this sync wrote into it). Generation 0 is what
     * platforms without refreshes send on every sync, so it never counts as a resume.
     */
    private boolean canWriteDirectly(Connection connection, QualifiedName table, long generation) throws SQLException {
        if (!inspector.exists(connection, table)) {
            return true;
        }
        Optional<Long> rowGeneration = inspector.anyRowGeneration(connection, table);
        return rowGeneration.isEmpty() || (generation > 0 && rowGeneration.get() == generation);
    }

    /**
     * Drops a temp table that holds rows of another generation (or any rows, for generation 0). Returns
     * true when the temp table will be new or empty.
     */
    private boolean prepareTemp(Connection connection, QualifiedName temp, long generation) throws SQLException {
        if (!inspector.exists(connection, temp)) {
            return true;
        }
        Optional<Long> rowGeneration = inspector.anyRowGeneration(connection, temp);
        if (rowGeneration.isEmpty()) {
            return true;
        }
        if (generation > 0 && rowGeneration.get() == generation) {
            LOG.info("Resuming into {} (it holds rows of generation {})", temp, generation);
            return false;
        }
        LOG.info("Recreating {} (it holds rows of generation {})", temp, rowGeneration.get());
        Sql.execute(connection, TableSql.dropTable(temp, dropCascade));
        return true;
    }
}
