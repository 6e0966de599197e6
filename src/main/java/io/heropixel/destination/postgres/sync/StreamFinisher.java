package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.FailureType;
import io.heropixel.destination.postgres.load.LoadFailedException;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TableSwap;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    /** Typing passes tried in all when one fails for a transient reason (connection lost, server restart). */
    static final int TYPING_ATTEMPTS = 3;

    private final TableOperations tables;
    private final boolean typingEnabled;
    private final WriteOperation.Connections reconnect;
    private final long retryDelayMillis;

    StreamFinisher(
            TableOperations tables,
            boolean typingEnabled,
            WriteOperation.Connections reconnect,
            long retryDelayMillis) {
        this.tables = requireNonNull(tables, "tables is null");
        this.typingEnabled = typingEnabled;
        this.reconnect = requireNonNull(reconnect, "reconnect is null");
        this.retryDelayMillis = retryDelayMillis;
    }

    void finish(Connection connection, StreamRun run, boolean complete) {
        Connection reopened = null;
        try {
            reopened = type(connection, run);
            finishTables(reopened != null ? reopened : connection, run, complete);
            dropEmptyStaging(reopened != null ? reopened : connection, run);
        } finally {
            if (reopened != null) {
                try {
                    reopened.close();
                } catch (SQLException e) {
                    LOG.debug("Closing a connection failed", e);
                }
            }
        }
    }

    /**
     * Types the stream. A typing pass is one transaction that only reads raw rows not yet loaded, so a pass
     * that failed for a transient reason is safe to run again: it is retried on a new connection, a bounded
     * number of times. Returns the new connection when one was opened (the caller closes it), else null.
     */
    private Connection type(Connection connection, StreamRun run) {
        Optional<QualifiedName> finalTarget = run.targets.finalTarget();
        if (!typingEnabled || finalTarget.isEmpty()) {
            return null;
        }
        Connection current = connection;
        Connection reopened = null;
        for (int attempt = 1; ; attempt++) {
            try {
                run.type(current, tables, true);
                return reopened;
            } catch (SQLException e) {
                LoadFailedException failure = LoadFailedException.of("typing stream '" + run.descriptor() + "'", e);
                if (failure.failureType() != FailureType.TRANSIENT || attempt >= TYPING_ATTEMPTS) {
                    closeQuietly(reopened);
                    throw failure;
                }
                LOG.warn(
                        "Typing stream {} failed ({}); retrying on a new connection (attempt {} of {})",
                        run.descriptor(),
                        e.getMessage(),
                        attempt + 1,
                        TYPING_ATTEMPTS);
                closeQuietly(reopened);
                reopened = null;
                try {
                    Thread.sleep(retryDelayMillis * attempt);
                    reopened = reconnect.open();
                    current = reopened;
                } catch (SQLException | InterruptedException reopenFailure) {
                    failure.addSuppressed(reopenFailure);
                    throw failure;
                }
            }
        }
    }

    /** Internal tables are removed when done: a failure here loses nothing, so it is only logged. */
    private void dropEmptyStaging(Connection connection, StreamRun run) {
        if (!typingEnabled) {
            return;
        }
        try {
            tables.dropEmptyStaging(connection, run.plan);
        } catch (SQLException e) {
            LOG.warn("Stream {}: could not drop its empty staging tables: {}", run.descriptor(), e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a connection failed", e);
            }
        }
    }

    private void finishTables(Connection connection, StreamRun run, boolean complete) {
        StreamTargets targets = run.targets;
        Optional<QualifiedName> finalTarget = targets.finalTarget();
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
        List<TableSwap> swaps = new ArrayList<>();
        if (targets.rawIsTemp()) {
            swaps.add(new TableSwap(run.plan.rawTempTable(), run.plan.rawTable()));
        }
        if (targets.finalIsTemp()) {
            swaps.add(new TableSwap(run.plan.finalTempTable(), run.plan.finalTable()));
        }
        if (swaps.isEmpty()) {
            return;
        }
        try {
            // one transaction: the raw and the final table are replaced together, or neither is
            tables.swap(connection, swaps);
        } catch (SQLException e) {
            throw LoadFailedException.of(
                    "replacing the tables of stream '" + run.descriptor() + "' with the new generation", e);
        }
    }
}
