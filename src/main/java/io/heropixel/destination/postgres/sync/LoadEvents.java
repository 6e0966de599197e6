package io.heropixel.destination.postgres.sync;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.load.LoadCallbacks;
import io.heropixel.destination.postgres.load.StreamLoader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loader pool reports during a write: commits and failures go to the {@link StateManager}; between
 * two batches of a stream, its rows are typed when its typing interval has passed (periodic typing).
 */
final class LoadEvents implements LoadCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(LoadEvents.class);

    private final List<StreamRun> runs;
    private final StateManager states;
    private final TableOperations tables;
    private final long typingIntervalNanos;

    LoadEvents(List<StreamRun> runs, StateManager states, TableOperations tables, Duration typingInterval) {
        this.runs = List.copyOf(runs);
        this.states = requireNonNull(states, "states is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.typingIntervalNanos = typingInterval.toNanos();
    }

    @Override
    public void committed(int index, long total) {
        states.committed(index, total);
    }

    @Override
    public long stateWaitingNanos(int index, long nowNanos) {
        return states.waitingNanos(index, nowNanos);
    }

    @Override
    public void betweenBatches(Connection connection, StreamLoader loader) throws SQLException {
        StreamRun run = runs.get(loader.index());
        if (run.targets.finalTarget().isEmpty() || System.nanoTime() - run.lastTypedNanos() < typingIntervalNanos) {
            return;
        }
        LOG.info("Stream {}: typing the rows loaded so far", run.descriptor());
        run.type(connection, tables, false);
    }

    @Override
    public void failed(Throwable cause) {
        states.fail();
    }
}
