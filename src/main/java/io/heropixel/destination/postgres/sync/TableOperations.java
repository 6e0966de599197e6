package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TableSwap;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the write path needs from the table and typing layers, per stream. The production implementation is
 * {@link TypingOperations} (backed by {@code table.TableLifecycle}, {@code load.TypedLoadSetup} and {@code
 * typing.TypingDeduper}); tests wrap it to inject failures.
 */
public interface TableOperations {

    /** Creates (or migrates) a raw table; {@code rawTable} is the plan's raw table or its temp table. */
    void prepareRawTable(Connection connection, StreamPlan plan, QualifiedName rawTable) throws SQLException;

    /**
     * Creates (or migrates) a final table; {@code target} is the final table or its temp table. When the
     * stream's dedup key changed, the table is rebuilt from its raw table.
     */
    void prepareFinalTable(Connection connection, StreamPlan plan, QualifiedName target) throws SQLException;

    /**
     * How the stream's records are written while loading, decided after its tables are prepared ({@code
     * finalTarget} empty when typing is disabled).
     */
    LoadFormat prepareLoad(
            Connection connection, StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget)
            throws SQLException;

    /** After the stream is finished: drops its staging tables of rows typed while loading, when empty. */
    void dropEmptyStaging(Connection connection, StreamPlan plan) throws SQLException;

    /** Types the raw rows not yet loaded into the target, dedups, applies CDC deletes, marks them loaded. */
    TypingResult typeAndDedupe(Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target)
            throws SQLException;

    /**
     * The stream's last typing pass of the sync (nothing loads into its staging table any more): like {@link
     * #typeAndDedupe}, and the staging table is dropped in the typing transaction instead of emptied.
     */
    default TypingResult typeAndDedupeLast(
            Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target) throws SQLException {
        return typeAndDedupe(connection, plan, rawSource, target);
    }

    /** Makes the replacements (each target by its temp table) in one transaction: all of them, or none. */
    void swap(Connection connection, List<TableSwap> swaps) throws SQLException;
}
