package io.heropixel.destination.postgres.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.util.Optional;

/** One message read from stdin by the {@code write} command, as far as the destination cares. */
public sealed interface InputMessage {

    /** The 1-based line number of the message in the input. */
    long lineNumber();

    /**
     * A RECORD. The record's {@code data} object is not parsed into a tree: it stays as the bytes
     * {@code line[dataStart, dataEnd)} of the input line, which are valid JSON and are copied to Postgres
     * as they are (see {@code load.RawRowEncoder}).
     *
     * @param emittedAt {@code emitted_at} in epoch milliseconds
     * @param metaChanges the record's {@code meta.changes} array, or null
     */
    record Record(
            long lineNumber,
            StreamDescriptor stream,
            long emittedAt,
            byte[] line,
            int dataStart,
            int dataEnd,
            JsonNode metaChanges)
            implements InputMessage {
        public Record {
            requireNonNull(stream, "stream is null");
            requireNonNull(line, "line is null");
            if (dataStart < 0 || dataEnd > line.length || dataStart >= dataEnd) {
                throw new IllegalArgumentException("data range out of bounds");
            }
        }

        /** Bytes this record keeps in memory while it waits to be loaded. */
        public long weight() {
            return line.length + 128L;
        }

        public int dataLength() {
            return dataEnd - dataStart;
        }
    }

    /**
     * A STATE, kept as the bytes of its line (see {@link StateLine}) so it can be echoed exactly as it
     * arrived; no tree of it is kept.
     *
     * @param stream the stream of a STREAM state; empty for GLOBAL and LEGACY states
     */
    record State(long lineNumber, StateLine line, StateKind kind, Optional<StreamDescriptor> stream)
            implements InputMessage {
        public State {
            requireNonNull(line, "line is null");
            requireNonNull(kind, "kind is null");
            requireNonNull(stream, "stream is null");
            if (kind == StateKind.STREAM && stream.isEmpty()) {
                throw new IllegalArgumentException("a STREAM state needs a stream");
            }
        }
    }

    /** A TRACE STREAM_STATUS message; {@code status} is STARTED, RUNNING, COMPLETE or INCOMPLETE. */
    record StreamStatus(long lineNumber, StreamDescriptor stream, String status) implements InputMessage {
        public StreamStatus {
            requireNonNull(stream, "stream is null");
            requireNonNull(status, "status is null");
        }
    }

    /** A known message type the destination does not act on (LOG, CONTROL, other TRACE types, ...). */
    record Ignored(long lineNumber, String type) implements InputMessage {}

    /** The three kinds of STATE; an untyped state is LEGACY. */
    enum StateKind {
        STREAM,
        GLOBAL,
        LEGACY
    }
}
