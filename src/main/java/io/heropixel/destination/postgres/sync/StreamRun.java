package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.load.LoadTotals;
import io.heropixel.destination.postgres.load.StreamLoader;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** One stream during a write: its plan, where its rows go, its loader, its status and its counters. */
final class StreamRun {
    final int index;
    final StreamPlan plan;
    final StreamTargets targets;
    final StreamLoader loader;
    private volatile String status;
    private volatile boolean warnedRecordAfterStatus;
    private TypingResult typing = TypingResult.NONE;
    private long typingNanos;
    private long typingPasses;
    private long lastTypedNanos;
    private long setupNanos;

    StreamRun(int index, StreamPlan plan, StreamTargets targets, StreamLoader loader) {
        this.index = index;
        this.plan = requireNonNull(plan, "plan is null");
        this.targets = requireNonNull(targets, "targets is null");
        this.loader = requireNonNull(loader, "loader is null");
    }

    StreamDescriptor descriptor() {
        return plan.descriptor();
    }

    /** The last STREAM_STATUS received (STARTED, RUNNING, COMPLETE, INCOMPLETE), or null. */
    String status() {
        return status;
    }

    void status(String value) {
        status = value;
    }

    /** True the first time a record arrives after a terminal status (to warn once). */
    boolean firstRecordAfterTerminalStatus() {
        boolean terminal = "COMPLETE".equals(status) || "INCOMPLETE".equals(status);
        if (terminal && !warnedRecordAfterStatus) {
            warnedRecordAfterStatus = true;
            return true;
        }
        return false;
    }

    /**
     * Types the rows loaded so far into the stream's final table (when typing is on) and counts what it did;
     * {@code lastPass} when the stream's loading is over (see {@link TableOperations#typeAndDedupeLast}).
     */
    void type(Connection connection, TableOperations tables, boolean lastPass) throws SQLException {
        Optional<QualifiedName> finalTarget = targets.finalTarget();
        if (finalTarget.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        typed(
                lastPass
                        ? tables.typeAndDedupeLast(connection, plan, targets.rawTarget(), finalTarget.get())
                        : tables.typeAndDedupe(connection, plan, targets.rawTarget(), finalTarget.get()),
                System.nanoTime() - start);
    }

    synchronized void typed(TypingResult summary, long nanos) {
        typing = typing.plus(summary);
        typingNanos += nanos;
        typingPasses++;
        lastTypedNanos = System.nanoTime();
    }

    /**
     * What typing did so far, including the rows an append stream's loader typed straight into the final
     * table while loading (a dedup stream's typed rows count when they are deduplicated into it).
     */
    synchronized TypingResult typing() {
        if (!loader.typesIntoFinalTable()) {
            return typing;
        }
        LoadTotals loaded = loader.totals();
        return typing.plus(new TypingResult(loaded.typed(), 0, loaded.typedValuesNulled(), loaded.typed()));
    }

    synchronized long typingNanos() {
        return typingNanos;
    }

    synchronized long typingPasses() {
        return typingPasses;
    }

    synchronized long lastTypedNanos() {
        return lastTypedNanos;
    }

    synchronized void lastTypedNanos(long value) {
        lastTypedNanos = value;
    }

    synchronized long setupNanos() {
        return setupNanos;
    }

    synchronized void setupNanos(long value) {
        setupNanos = value;
    }
}
