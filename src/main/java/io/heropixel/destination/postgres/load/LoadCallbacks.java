package io.heropixel.destination.postgres.load;

import java.sql.Connection;
import java.sql.SQLException;

/** How the loader pool reports to the rest of the write path (state tracking, periodic typing). */
public interface LoadCallbacks {

    /** Stream {@code index} now has {@code total} records committed to its raw table. */
    void committed(int index, long total);

    /** How long (ns) the oldest STATE waiting for more commits of stream {@code index} has waited, or -1. */
    long stateWaitingNanos(int index, long nowNanos);

    /**
     * Runs on the stream's loader thread after a commit, while no COPY of the stream is open (periodic
     * typing). {@code connection} is the loader's autocommit connection.
     */
    void betweenBatches(Connection connection, StreamLoader loader) throws SQLException;

    /** A loader failed: from now on nothing may be acknowledged. Called before the pool stops. */
    void failed(Throwable cause);
}
