package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.typing.TableSwap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the write path needs from the typing layer, per stream. The production implementation is {@link
 * TypingOperations} (backed by {@code typing.TypingDeduper}); the interface keeps the load pipeline
 * independent of how tables are typed.
 */
public interface TableOperations {

    /** Creates (or migrates) a raw table; {@code rawTable} is the plan's raw table or its temp table. */
    void prepareRawTable(Connection connection, StreamPlan plan, QualifiedName rawTable) throws SQLException;

    /** Creates (or migrates) a final table; {@code target} is the final table or its temp table. */
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
    TypingSummary typeAndDedupe(Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target)
            throws SQLException;

    /** Makes the replacements (each target by its temp table) in one transaction: all of them, or none. */
    void swap(Connection connection, List<TableSwap> swaps) throws SQLException;

    /**
     * What one typing pass did.
     *
     * @param typed raw rows typed into the final table
     * @param deleted final rows removed (CDC deletes)
     * @param nulled values set to NULL because they did not fit their column
     * @param inserted rows written into the final table ({@code typed - inserted} were deduplicated away)
     */
    record TypingSummary(long typed, long deleted, long nulled, long inserted) {
        public static final TypingSummary NONE = new TypingSummary(0, 0, 0, 0);

        public TypingSummary plus(TypingSummary other) {
            return new TypingSummary(
                    typed + other.typed, deleted + other.deleted, nulled + other.nulled, inserted + other.inserted);
        }

        /** Raw rows typed that did not become a final row: older versions of a key, deletion records. */
        public long deduplicatedAway() {
            return Math.max(0, typed - inserted);
        }
    }
}
