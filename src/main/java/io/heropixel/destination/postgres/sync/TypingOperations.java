package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.load.TypedLoadSetup;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TableLifecycle;
import io.heropixel.destination.postgres.table.TableSwap;
import io.heropixel.destination.postgres.typing.TypingDeduper;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link TableOperations} backed by {@link TableLifecycle}, {@link TypedLoadSetup} and {@link TypingDeduper}. */
public final class TypingOperations implements TableOperations {
    private final TableLifecycle tables;
    private final TypedLoadSetup loadSetup;
    private final TypingDeduper typing;

    public TypingOperations(DestinationConfig config) {
        this.tables = new TableLifecycle(config);
        this.loadSetup = new TypedLoadSetup(tables);
        this.typing = new TypingDeduper(tables);
    }

    @Override
    public void prepareRawTable(Connection connection, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        tables.prepareRawTable(connection, plan, rawTable);
    }

    @Override
    public void prepareFinalTable(Connection connection, StreamPlan plan, QualifiedName target) throws SQLException {
        if (tables.prepareFinalTable(connection, plan, target)) {
            typing.rebuildForNewKey(connection, plan, target);
        }
    }

    @Override
    public LoadFormat prepareLoad(
            Connection connection, StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return loadSetup.prepare(connection, plan, rawTarget, finalTarget);
    }

    @Override
    public void dropEmptyStaging(Connection connection, StreamPlan plan) throws SQLException {
        tables.dropEmptyStaging(connection, plan);
    }

    @Override
    public TypingResult typeAndDedupe(
            Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target) throws SQLException {
        return typing.typeAndDedupe(connection, plan, rawSource, target);
    }

    @Override
    public TypingResult typeAndDedupeLast(
            Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target) throws SQLException {
        return typing.typeAndDedupe(connection, plan, rawSource, target, true);
    }

    @Override
    public void swap(Connection connection, List<TableSwap> swaps) throws SQLException {
        tables.swap(connection, swaps);
    }
}
