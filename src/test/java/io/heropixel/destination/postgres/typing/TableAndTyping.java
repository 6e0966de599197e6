package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.load.TypedLoadSetup;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TableLifecycle;
import io.heropixel.destination.postgres.table.TableSwap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * For tests: a stream's table lifecycle and typing pass together, as the write path uses them ({@code
 * sync.TypingOperations}), with the choice of safe casts the production code does not offer.
 */
public final class TableAndTyping {
    private final TableLifecycle tables;
    private final TypedLoadSetup loadSetup;
    private final TypingDeduper typing;

    public TableAndTyping(DestinationConfig config) {
        this(config, true);
    }

    /** @param useInputIsValid use {@code pg_input_is_valid} for safe casts on Postgres 16+ */
    public TableAndTyping(DestinationConfig config, boolean useInputIsValid) {
        this.tables = new TableLifecycle(config);
        this.loadSetup = new TypedLoadSetup(tables);
        this.typing = new TypingDeduper(tables, useInputIsValid);
    }

    public void prepareRawTable(Connection c, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        tables.prepareRawTable(c, plan, rawTable);
    }

    public void prepareFinalTable(Connection c, StreamPlan plan, QualifiedName target) throws SQLException {
        if (tables.prepareFinalTable(c, plan, target)) {
            typing.rebuildForNewKey(c, plan, target);
        }
    }

    public LoadFormat prepareLoad(
            Connection c, StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return loadSetup.prepare(c, plan, rawTarget, finalTarget);
    }

    public void dropEmptyStaging(Connection c, StreamPlan plan) throws SQLException {
        tables.dropEmptyStaging(c, plan);
    }

    public TypingResult typeAndDedupe(Connection c, StreamPlan plan, QualifiedName rawSource, QualifiedName target)
            throws SQLException {
        return typing.typeAndDedupe(c, plan, rawSource, target);
    }

    public void swap(Connection c, QualifiedName temp, QualifiedName target) throws SQLException {
        tables.swap(c, List.of(new TableSwap(temp, target)));
    }

    public void swap(Connection c, List<TableSwap> swaps) throws SQLException {
        tables.swap(c, swaps);
    }
}
