package io.heropixel.destination.postgres.load;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.RawTableSql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's side of the load pipeline: its queue of records waiting to be loaded, its open COPY into
 * the raw target and, when it types while loading ({@link RecordTyper}), its open COPY of typed rows on a
 * second connection. Queue fields are guarded by the {@link LoaderPool}'s lock; the COPY is only used
 * by the loader thread that owns the stream at the time.
 */
public final class StreamLoader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLoader.class);

    /**
     * Records with more data are left to the typing SQL: typing one in the JVM would hold a second copy of
     * its largest values in memory (a 64 MB record must load in a small heap).
     */
    static final int MAX_TYPED_DATA_BYTES = 1 << 20;

    private final int index;
    private final StreamDescriptor stream;
    private final QualifiedName rawTarget;
    private final String copySql;
    private final RawRowEncoder encoder;
    private final LoadFormat format;
    private final String typedCopySql;
    private final BinaryRow rawRow = new BinaryRow();
    private final BinaryRow typedRow = new BinaryRow();
    /** Types records while loading; null when the stream is typed by SQL only. */
    private final RecordTyper typer;

    // guarded by the pool lock
    final Deque<InputMessage.Record> queue = new ArrayDeque<>();
    boolean owned;
    boolean ready;

    // used by the owning loader thread
    long nextTimeCheckNanos;
    private PGCopyOutputStream copy;
    private PGCopyOutputStream typedCopy;
    /** The connections of the open COPYs, each in its own explicit transaction while a batch is open. */
    private Connection copyConnection;

    private Connection typedCopyConnection;
    private long batchLoadedAtMicros;
    private long batchRecords;
    private long batchTyped;
    private long batchBytes;
    private long batchStartNanos;
    /** True from the first record of a batch until it is committed or cancelled. */
    private boolean batchOpen;

    private volatile long committedRecords;
    private volatile long committedBytes;
    private volatile long batches;
    private volatile long loadNanos;
    private volatile long uncommittedRecords;
    private volatile long committedTyped;

    public StreamLoader(
            int index,
            StreamDescriptor stream,
            QualifiedName rawTarget,
            long syncId,
            long generationId,
            LoadFormat format) {
        this.index = index;
        this.stream = requireNonNull(stream, "stream is null");
        this.rawTarget = requireNonNull(rawTarget, "rawTarget is null");
        this.format = requireNonNull(format, "format is null");
        this.copySql = format.rawBinary() ? RawTableSql.copyBinary(rawTarget) : RawTableSql.copy(rawTarget);
        this.encoder = new RawRowEncoder(syncId, generationId);
        this.typer = format.typed()
                .flatMap(typed -> RecordTyper.forColumns(typed.columns(), syncId, generationId))
                .orElse(null);
        this.typedCopySql = format.typed()
                .map(typed -> RawTableSql.copyTyped(typed.table(), typed.columns()))
                .orElse(null);
    }

    /** True when records are typed while loading (the typed connection is used). */
    public boolean typesWhileLoading() {
        return typer != null;
    }

    /** True when typed rows go straight into the final table (append), not into a staging table. */
    public boolean typesIntoFinalTable() {
        return typer != null && format.typed().orElseThrow().intoFinalTable();
    }

    /** What this stream's loader has committed so far. */
    public LoadTotals totals() {
        return new LoadTotals(
                committedRecords,
                committedBytes,
                batches,
                loadNanos,
                encoder.cleanedRecords(),
                committedTyped,
                typer == null ? 0 : typer.valuesNulled());
    }

    public int index() {
        return index;
    }

    public StreamDescriptor stream() {
        return stream;
    }

    long uncommitted() {
        return uncommittedRecords;
    }

    long batchBytes() {
        return batchBytes;
    }

    long batchAgeNanos(long now) {
        return batchOpen ? now - batchStartNanos : 0;
    }

    /** Records of the open batch that get no raw row (typed while loading in direct mode). */
    private long rawRowsSkipped() {
        return format.rawRowsOnlyUntyped() ? batchTyped : 0;
    }

    /**
     * Streams one record into the open COPY, opening one when needed. When the stream types while loading,
     * a record the typer accepts also goes, typed, into the COPY on {@code typedConnection}, and its raw row
     * is written as loaded.
     */
    void write(Connection connection, Connection typedConnection, InputMessage.Record record)
            throws SQLException, IOException {
        long start = System.nanoTime();
        if (!batchOpen) {
            batchOpen = true;
            batchStartNanos = start;
            batchLoadedAtMicros = System.currentTimeMillis() * 1000;
        }
        if (!format.rawBinary()) {
            openRawCopy(connection);
            encoder.write(record, copy);
        } else {
            byte[] rawId = encoder.newRawId();
            long loadedAt = RawRowEncoder.NOT_LOADED;
            boolean mayNeedCleaning =
                    JsonSanitizer.mayNeedCleaning(record.line(), record.dataStart(), record.dataEnd());
            if (typer != null
                    && record.dataLength() <= MAX_TYPED_DATA_BYTES
                    && typer.type(record, mayNeedCleaning, rawId, typedRow)) {
                if (typedCopy == null) {
                    typedCopy = Copies.open(requireNonNull(typedConnection, "typedConnection is null"), typedCopySql);
                    typedCopyConnection = typedConnection;
                    typedCopy.write(BinaryRow.HEADER);
                }
                typedRow.writeTo(typedCopy);
                batchTyped++;
                loadedAt = batchLoadedAtMicros;
            }
            if (loadedAt == RawRowEncoder.NOT_LOADED || !format.rawRowsOnlyUntyped()) {
                openRawCopy(connection);
                encoder.writeBinary(record, mayNeedCleaning, rawId, loadedAt, rawRow, copy);
            }
        }
        batchRecords++;
        batchBytes += record.weight();
        uncommittedRecords = batchRecords;
        loadNanos += System.nanoTime() - start;
    }

    /** Opens the raw COPY of the batch when it is not open yet (in direct mode only for a record left to SQL). */
    private void openRawCopy(Connection connection) throws SQLException, IOException {
        if (copy == null) {
            copy = Copies.open(connection, copySql);
            copyConnection = connection;
            if (format.rawBinary()) {
                copy.write(BinaryRow.HEADER);
            }
        }
    }

    /**
     * Ends the open COPYs and commits their transactions. The typed rows are committed first: should
     * the raw COPY then fail, the batch is not acknowledged, and its records come again after the last
     * echoed STATE (a typed row is never committed without being sent again if its raw row is missing).
     * Returns the running total of records.
     */
    long commit() throws SQLException, IOException {
        long start = System.nanoTime();
        if (typedCopy != null) {
            PGCopyOutputStream typed = typedCopy;
            typedCopy = null;
            Copies.end(typed, true, batchTyped, format.typed().orElseThrow().table());
            Copies.commitDurably(typedCopyConnection);
            typedCopyConnection = null;
        }
        if (copy != null) {
            PGCopyOutputStream raw = copy;
            copy = null;
            Copies.end(raw, format.rawBinary(), batchRecords - rawRowsSkipped(), rawTarget);
            Copies.commitDurably(copyConnection);
            copyConnection = null;
        }
        batchOpen = false;
        committedRecords += batchRecords;
        committedBytes += batchBytes;
        committedTyped += batchTyped;
        batches++;
        LOG.debug(
                "Stream {}: committed {} records ({} bytes, {} typed) into {}",
                stream,
                batchRecords,
                batchBytes,
                batchTyped,
                rawTarget);
        batchRecords = 0;
        batchBytes = 0;
        batchTyped = 0;
        uncommittedRecords = 0;
        loadNanos += System.nanoTime() - start;
        return committedRecords;
    }

    /**
     * Abandons the open COPYs after a failure (nothing of them is committed). The connections are not used
     * again for loading. A connection whose COPY could not be cancelled (server gone, network cut) is
     * aborted: pgJDBC may still hold its COPY lock, and anything else on it (a ROLLBACK, say) would wait for
     * that lock forever.
     */
    void cancel() {
        Copies.cancel(typedCopy, typedCopyConnection, stream);
        Copies.cancel(copy, copyConnection, stream);
        typedCopy = null;
        copy = null;
        typedCopyConnection = null;
        copyConnection = null;
        batchOpen = false;
        batchRecords = 0;
        batchBytes = 0;
        batchTyped = 0;
        uncommittedRecords = 0;
    }

    /** What failed, for error messages. */
    String describe() {
        return "loading stream '" + stream + "' into " + rawTarget;
    }
}
