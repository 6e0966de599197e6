package io.heropixel.destination.postgres.protocol;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A STATE message as it arrived: the bytes of its input line, and where {@code destinationStats} goes in
 * its {@code state} object. The echo ({@link #writeEcho}) is those bytes unchanged, from the message's
 * opening brace to its closing one, with one edit: {@code "destinationStats":{"recordCount":N.0}} is added
 * after the last member of the {@code state} object, or replaces the value of a {@code destinationStats}
 * the state already has (every one, if the name is repeated). Each carriage return between tokens (the only
 * place JSON allows one) is written as a space, since a line reader on the other end would end the line
 * there. Nothing else is decoded or re-encoded: escapes, number text, whitespace and unknown fields stay.
 */
public final class StateLine {
    private static final byte[] STATS_NAME = "\"destinationStats\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA = {','};
    private static final int CHUNK = 8192;

    private final byte[] line;
    private final int start;
    private final int end;
    /** Where the new member goes (after the state's last member, or after its brace when it is empty). */
    private final int insertAt;

    private final boolean stateEmpty;
    /** Existing {@code destinationStats} values, {@code [start, end)} pairs in line order. */
    private final List<int[]> statsValues;

    StateLine(byte[] line, int start, int end, StateObject state) {
        this.line = requireNonNull(line, "line is null");
        this.start = start;
        this.end = end;
        int last = state.close - 1;
        while (last > state.open && isWhitespace(line[last])) {
            last--;
        }
        this.stateEmpty = last == state.open;
        this.insertAt = last + 1;
        this.statsValues = List.copyOf(state.statsValues);
    }

    /** Writes the echo (without a line terminator). */
    public void writeEcho(OutputStream out, long recordCount) throws IOException {
        byte[] stats = stats(recordCount);
        Chunks chunks = new Chunks(out);
        if (statsValues.isEmpty()) {
            chunks.copy(line, start, insertAt);
            if (!stateEmpty) {
                chunks.copy(COMMA, 0, 1);
            }
            chunks.copy(STATS_NAME, 0, STATS_NAME.length);
            chunks.copy(stats, 0, stats.length);
            chunks.copy(line, insertAt, end);
        } else {
            int from = start;
            for (int[] value : statsValues) {
                chunks.copy(line, from, value[0]);
                chunks.copy(stats, 0, stats.length);
                from = value[1];
            }
            chunks.copy(line, from, end);
        }
        chunks.flush();
    }

    /** The echo as bytes (for tests and logs; {@link ProtocolWriter} streams it instead). */
    public byte[] echo(long recordCount) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start + 64);
        try {
            writeEcho(out, recordCount);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"recordCount":N.0}}: a double, as the protocol defines it, written without an exponent. */
    private static byte[] stats(long recordCount) {
        return ("{\"recordCount\":" + recordCount + ".0}").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** Copies byte ranges to the output through one small buffer, carriage returns made spaces. */
    private static final class Chunks {
        private final OutputStream out;
        private final byte[] buffer = new byte[CHUNK];
        private int length;

        Chunks(OutputStream out) {
            this.out = out;
        }

        void copy(byte[] bytes, int from, int to) throws IOException {
            for (int i = from; i < to; i++) {
                if (length == CHUNK) {
                    flush();
                }
                byte b = bytes[i];
                buffer[length++] = b == '\r' ? (byte) ' ' : b;
            }
        }

        void flush() throws IOException {
            out.write(buffer, 0, length);
            length = 0;
        }
    }
}
