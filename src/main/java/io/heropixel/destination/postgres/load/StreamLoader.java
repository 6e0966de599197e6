package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.typing.SqlGenerator;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's side of the load pipeline: its queue of records waiting to be loaded and its open COPY
 * into the raw target. Queue fields are guarded by the {@link LoaderPool}'s lock; the COPY is only used
 * by the loader thread that owns the stream at the time.
 */
public final class StreamLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLoader.class);

    private final int index;
    private final StreamDescriptor stream;
    private final QualifiedName rawTarget;
    private final String copySql;
    private final RawRowEncoder encoder;

    // guarded by the pool lock
    final Deque<InputMessage.Record> queue = new ArrayDeque<>();
    boolean owned;
    boolean ready;

    // used by the owning loader thread
    long nextTimeCheckNanos;
    private PGCopyOutputStream copy;
    private long batchRecords;
    private long batchBytes;
    private long batchStartNanos;

    private volatile long committedRecords;
    private volatile long committedBytes;
    private volatile long batches;
    private volatile long loadNanos;
    private volatile long uncommittedRecords;

    public StreamLoader(int index, StreamDescriptor stream, QualifiedName rawTarget, long syncId, long generationId) {
        this.index = index;
        this.stream = requireNonNull(stream, "stream is null");
        this.rawTarget = requireNonNull(rawTarget, "rawTarget is null");
        this.copySql = new SqlGenerator().copyRawSql(rawTarget);
        this.encoder = new RawRowEncoder(syncId, generationId);
    }

    public int index() {
        return index;
    }

    public StreamDescriptor stream() {
        return stream;
    }

    public long committedRecords() {
        return committedRecords;
    }

    public long committedBytes() {
        return committedBytes;
    }

    public long batches() {
        return batches;
    }

    /** Time spent writing and committing COPYs. */
    public long loadNanos() {
        return loadNanos;
    }

    /** Records whose data was cleaned of NUL characters or unpaired surrogates. */
    public long cleanedRecords() {
        return encoder.cleanedRecords();
    }

    long uncommitted() {
        return uncommittedRecords;
    }

    long batchBytes() {
        return batchBytes;
    }

    long batchAgeNanos(long now) {
        return copy == null ? 0 : now - batchStartNanos;
    }

    /** Streams one record into the open COPY, opening one when needed. */
    void write(Connection connection, InputMessage.Record record) throws SQLException, IOException {
        long start = System.nanoTime();
        if (copy == null) {
            copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, 1 << 16);
            batchStartNanos = start;
        }
        encoder.write(record, copy);
        batchRecords++;
        batchBytes += record.weight();
        uncommittedRecords = batchRecords;
        loadNanos += System.nanoTime() - start;
    }

    /** Ends the open COPY; in autocommit mode that commits it. Returns the running total of records. */
    long commit() throws SQLException {
        long start = System.nanoTime();
        long rows;
        try {
            rows = copy.endCopy();
        } finally {
            copy = null;
        }
        if (rows != batchRecords) {
            throw new IllegalStateException(
                    "COPY into " + rawTarget + " stored " + rows + " rows for " + batchRecords + " records");
        }
        committedRecords += batchRecords;
        committedBytes += batchBytes;
        batches++;
        LOG.debug("Stream {}: committed {} records ({} bytes) into {}", stream, batchRecords, batchBytes, rawTarget);
        batchRecords = 0;
        batchBytes = 0;
        uncommittedRecords = 0;
        loadNanos += System.nanoTime() - start;
        return committedRecords;
    }

    /** Abandons the open COPY (nothing of it is committed), so the connection is usable and unlocked. */
    void cancel() {
        if (copy == null) {
            return;
        }
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.warn("Could not cancel the COPY into {}: {}", rawTarget, e.getMessage());
        } finally {
            copy = null;
            batchRecords = 0;
            batchBytes = 0;
            uncommittedRecords = 0;
        }
    }

    /** What failed, for error messages. */
    String describe() {
        return "loading stream '" + stream + "' into " + rawTarget;
    }
}
