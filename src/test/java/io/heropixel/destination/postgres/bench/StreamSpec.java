package io.heropixel.destination.postgres.bench;

import static java.util.Objects.requireNonNull;

/**
 * One generated stream.
 *
 * @param ordinal position of the stream in its input (changes the random values)
 * @param bigRecordChars when positive, record 0 carries a {@code comment} of this many characters
 */
record StreamSpec(String name, Shape shape, Mode mode, long records, KeyPlan keys, int ordinal, int bigRecordChars) {
    static final String NAMESPACE = "bench";

    StreamSpec {
        requireNonNull(name, "name is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(keys, "keys is null");
        if (records < 0) {
            throw new IllegalArgumentException("records < 0");
        }
        if (bigRecordChars > 0 && shape != Shape.NARROW) {
            throw new IllegalArgumentException("Only the narrow shape carries a big record");
        }
    }

    static StreamSpec of(String name, Shape shape, Mode mode, long records) {
        return new StreamSpec(name, shape, mode, records, KeyPlan.initial(), 0, 0);
    }

    StreamSpec withOrdinal(int newOrdinal) {
        return new StreamSpec(name, shape, mode, records, keys, newOrdinal, bigRecordChars);
    }

    StreamSpec withChanges(long existing, long changed) {
        return new StreamSpec(
                name, shape, mode, changed, KeyPlan.changesOf(existing, changed), ordinal, bigRecordChars);
    }

    StreamSpec withBigRecord(int chars) {
        return new StreamSpec(name, shape, mode, records, keys, ordinal, chars);
    }

    /** Rows the final table holds after this stream loads into an empty table. */
    long expectedFinalRows() {
        return mode == Mode.DEDUP ? keys.distinctKeys(records) : records;
    }
}
