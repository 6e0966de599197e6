package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadFormat;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.typing.TableSwap;
import io.heropixel.destination.postgres.typing.TypingDeduper;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link TableOperations} backed by {@link TypingDeduper}. */
public final class TypingOperations implements TableOperations {
    private final TypingDeduper typing;

    public TypingOperations(TypingDeduper typing) {
        this.typing = requireNonNull(typing, "typing is null");
    }

    @Override
    public void prepareRawTable(Connection connection, StreamPlan plan, QualifiedName rawTable) throws SQLException {
        typing.prepareRawTable(connection, plan, rawTable);
    }

    @Override
    public void prepareFinalTable(Connection connection, StreamPlan plan, QualifiedName target) throws SQLException {
        typing.prepareFinalTable(connection, plan, target);
    }

    @Override
    public LoadFormat prepareLoad(
            Connection connection, StreamPlan plan, QualifiedName rawTarget, Optional<QualifiedName> finalTarget)
            throws SQLException {
        return typing.prepareLoad(connection, plan, rawTarget, finalTarget);
    }

    @Override
    public void dropEmptyStaging(Connection connection, StreamPlan plan) throws SQLException {
        typing.dropEmptyStaging(connection, plan);
    }

    @Override
    public TypingSummary typeAndDedupe(
            Connection connection, StreamPlan plan, QualifiedName rawSource, QualifiedName target) throws SQLException {
        TypingResult result = typing.typeAndDedupe(connection, plan, rawSource, target);
        return new TypingSummary(
                result.rowsTyped(), result.rowsDeleted(), result.valuesNulled(), result.rowsInserted());
    }

    @Override
    public void swap(Connection connection, List<TableSwap> swaps) throws SQLException {
        typing.swap(connection, swaps);
    }
}
