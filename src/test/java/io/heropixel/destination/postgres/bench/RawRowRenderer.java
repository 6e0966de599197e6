package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Renders the raw rows of a generated stream in COPY text format, in the column order of
 * {@link FloorSql#COPY_COLUMNS}, from the same seed as the protocol input (so the floor loads the same
 * data the connector gets). Done before the floor's clock starts.
 */
final class RawRowRenderer {
    private static final byte[] NULL = "\\N".getBytes(StandardCharsets.US_ASCII);

    private final RecordData data;
    private final long syncId;

    RawRowRenderer(long seed, long syncId) {
        this.data = new RecordData(seed);
        this.syncId = syncId;
    }

    /** Writes every raw row of the stream; returns the bytes written. */
    long render(Path file, StreamSpec stream) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            render(out, stream);
        }
        return Files.size(file);
    }

    void render(OutputStream out, StreamSpec stream) throws IOException {
        Buffer buffer = new Buffer();
        JsonFactory factory = new JsonFactory();
        byte[] meta = ("{\"sync_id\":" + syncId + ",\"changes\":[]}").getBytes(StandardCharsets.US_ASCII);
        try (JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.setRootValueSeparator(null);
            for (long n = 0; n < stream.records(); n++) {
                buffer.reset();
                data.write(g, stream, n);
                g.flush();
                SplittableRandom random = data.metaRandom(stream, n);
                ascii(out, new UUID(random.nextLong(), random.nextLong()).toString());
                out.write('\t');
                ascii(out, Instant.ofEpochMilli(stream.keys().emittedAtMilli(n)).toString());
                out.write('\t');
                out.write(NULL);
                out.write('\t');
                escaped(out, buffer.bytes(), buffer.size());
                out.write('\t');
                out.write(meta);
                out.write('\t');
                out.write('1');
                out.write('\n');
            }
        }
    }

    private static void ascii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** COPY text escaping: backslash, newline, carriage return and tab are backslash sequences. */
    static void escaped(OutputStream out, byte[] bytes, int length) throws IOException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            byte replacement =
                    switch (b) {
                        case '\\' -> '\\';
                        case '\n' -> 'n';
                        case '\r' -> 'r';
                        case '\t' -> 't';
                        default -> 0;
                    };
            if (replacement != 0) {
                out.write(bytes, start, i - start);
                out.write('\\');
                out.write(replacement);
                start = i + 1;
            }
        }
        out.write(bytes, start, length - start);
    }

    /** A byte buffer that exposes its array without copying. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
