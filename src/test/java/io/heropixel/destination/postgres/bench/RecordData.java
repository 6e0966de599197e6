package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.SplittableRandom;

/** Writes the deterministic {@code data} object of record n of a stream (same seed, same bytes). */
final class RecordData {
    private final long seed;

    RecordData(long seed) {
        this.seed = seed;
    }

    void write(JsonGenerator g, StreamSpec stream, long n) throws IOException {
        KeyPlan keys = stream.keys();
        SplittableRandom random = random(stream, keys.sequence(n));
        int bigChars = n == 0 ? stream.bigRecordChars() : 0;
        stream.shape().writeData(g, keys.key(n), keys.cursorEpochSecond(n), random, bigChars);
    }

    /** A random for the raw-table metadata of record n (the raw id), independent of its data. */
    SplittableRandom metaRandom(StreamSpec stream, long n) {
        return random(stream, -1 - stream.keys().sequence(n));
    }

    private SplittableRandom random(StreamSpec stream, long sequence) {
        return new SplittableRandom(seed * 0x2545F4914F6CDD1DL + stream.ordinal() * 0x9E3779B97F4A7C15L + sequence);
    }
}
