package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.load.LoadFailedException;
import io.heropixel.destination.postgres.naming.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends one stream after all its records are committed: types what was loaded (complete or not: committed
 * data is always kept and typed), then, for a truncating stream that completed, swaps its temp tables over
 * the real ones. An incomplete truncate leaves its temp tables for the next attempt of the same generation.
 */
final class StreamFinisher {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFinisher.class);

    private final TableOperations tables;
    private final boolean typingEnabled;

    StreamFinisher(TableOperations tables, boolean typingEnabled) {
        this.tables = requireNonNull(tables, "tables is null");
        this.typingEnabled = typingEnabled;
    }

    void finish(Connection connection, StreamRun run, boolean complete) {
        StreamTargets targets = run.targets;
        Optional<QualifiedName> finalTarget = targets.finalTarget();
        try {
            if (typingEnabled && finalTarget.isPresent()) {
                long start = System.nanoTime();
                run.typed(
                        tables.typeAndDedupe(connection, run.plan, targets.rawTarget(), finalTarget.get()),
                        System.nanoTime() - start);
            }
        } catch (SQLException e) {
            throw LoadFailedException.of("typing stream '" + run.descriptor() + "'", e);
        }
        if (!run.plan.stream().truncates()) {
            return;
        }
        if (!complete) {
            if (targets.rawIsTemp() || targets.finalIsTemp()) {
                LOG.info(
                        "Stream {} did not complete: keeping {} for the next attempt",
                        run.descriptor(),
                        targets.rawIsTemp() ? targets.rawTarget() : finalTarget.orElseThrow());
            }
            return;
        }
        try {
            if (targets.rawIsTemp()) {
                tables.swap(connection, run.plan.rawTempTable(), run.plan.rawTable());
            }
            if (targets.finalIsTemp()) {
                tables.swap(connection, run.plan.finalTempTable(), run.plan.finalTable());
            }
        } catch (SQLException e) {
            throw LoadFailedException.of(
                    "replacing the tables of stream '" + run.descriptor() + "' with the new generation", e);
        }
    }
}
