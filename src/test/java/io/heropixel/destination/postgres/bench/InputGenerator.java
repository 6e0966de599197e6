package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams Airbyte protocol input to a file: RECORD messages, a STREAM STATE after every
 * {@code stateEvery} records of a stream, and one STREAM_STATUS COMPLETE per stream at the end. Several
 * streams are interleaved in chunks of {@value #CHUNK} records. Nothing is held in memory but one record.
 */
final class InputGenerator {
    static final int CHUNK = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    private final RecordData data;
    private final long stateEvery;

    InputGenerator(long seed, long stateEvery) {
        if (stateEvery <= 0) {
            throw new IllegalArgumentException("stateEvery must be positive");
        }
        this.data = new RecordData(seed);
        this.stateEvery = stateEvery;
    }

    /** What a generated input holds. */
    record Summary(long records, long states, long bytes) {}

    Summary write(Path file, List<StreamSpec> streams) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Summary summary = write(out, streams);
            return new Summary(summary.records(), summary.states(), Files.size(file));
        }
    }

    Summary write(OutputStream out, List<StreamSpec> streams) throws IOException {
        long records = 0;
        long states = 0;
        long[] next = new long[streams.size()];
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            boolean more = true;
            while (more) {
                more = false;
                for (int s = 0; s < streams.size(); s++) {
                    StreamSpec stream = streams.get(s);
                    long end = Math.min(stream.records(), next[s] + CHUNK);
                    for (long n = next[s]; n < end; n++) {
                        writeRecord(g, stream, n);
                        records++;
                        if ((n + 1) % stateEvery == 0 || n + 1 == stream.records()) {
                            states++;
                            writeState(g, stream, n, states);
                        }
                    }
                    next[s] = end;
                    more |= end < stream.records();
                }
            }
            for (StreamSpec stream : streams) {
                writeComplete(g, stream);
            }
        }
        return new Summary(records, states, -1);
    }

    private void writeRecord(JsonGenerator g, StreamSpec stream, long n) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "RECORD");
        g.writeObjectFieldStart("record");
        g.writeStringField("namespace", StreamSpec.NAMESPACE);
        g.writeStringField("stream", stream.name());
        g.writeNumberField("emitted_at", stream.keys().emittedAtMilli(n));
        g.writeFieldName("data");
        data.write(g, stream, n);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private void writeState(JsonGenerator g, StreamSpec stream, long n, long id) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "STATE");
        g.writeObjectFieldStart("state");
        g.writeStringField("type", "STREAM");
        g.writeObjectFieldStart("stream");
        writeDescriptor(g, stream);
        g.writeObjectFieldStart("stream_state");
        g.writeStringField("cursor", Fake.timestamp(stream.keys().cursorEpochSecond(n)));
        g.writeNumberField("position", n + 1);
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("sourceStats");
        long since = (n + 1) % stateEvery == 0 ? stateEvery : (n + 1) % stateEvery;
        g.writeNumberField("recordCount", (double) since);
        g.writeEndObject();
        g.writeNumberField("id", id);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void writeComplete(JsonGenerator g, StreamSpec stream) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "TRACE");
        g.writeObjectFieldStart("trace");
        g.writeStringField("type", "STREAM_STATUS");
        g.writeNumberField("emitted_at", KeyPlan.EMITTED_BASE_MILLI + 86_400_000);
        g.writeObjectFieldStart("stream_status");
        writeDescriptor(g, stream);
        g.writeStringField("status", "COMPLETE");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    private static void writeDescriptor(JsonGenerator g, StreamSpec stream) throws IOException {
        g.writeObjectFieldStart("stream_descriptor");
        g.writeStringField("name", stream.name());
        g.writeStringField("namespace", StreamSpec.NAMESPACE);
        g.writeEndObject();
    }
}
