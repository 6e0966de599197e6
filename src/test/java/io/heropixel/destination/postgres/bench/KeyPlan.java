package io.heropixel.destination.postgres.bench;

/**
 * Which primary key and cursor position record {@code n} of a stream gets.
 *
 * <p>A first sync ({@link #initial()}): record n has key n, except every tenth record (n % 10 == 9),
 * which updates the key of record n - 7 with a later cursor; so N records hold N - N / 10 distinct keys.
 * A change set ({@link #changesOf(long, long)}): {@code changed} records that update distinct keys that
 * exist after a first sync of {@code existing} records, with cursors later than all of them.
 *
 * @param existing records of the first sync this plan updates (0 for a first sync)
 * @param stride distance between updated keys (0 for a first sync)
 */
record KeyPlan(long existing, long stride) {
    /** 2024-01-01T00:00:00Z: the cursor of record 0. */
    static final long CURSOR_BASE_SECOND = 1_704_067_200L;
    /** 2024-06-01T00:00:00Z: the emitted_at of record 0. */
    static final long EMITTED_BASE_MILLI = 1_717_200_000_000L;

    static KeyPlan initial() {
        return new KeyPlan(0, 0);
    }

    static KeyPlan changesOf(long existing, long changed) {
        long stride = existing / changed / 10 * 10;
        if (stride < 10) {
            throw new IllegalArgumentException("Too many changes (" + changed + ") for " + existing + " records");
        }
        return new KeyPlan(existing, stride);
    }

    long key(long n) {
        if (stride > 0) {
            return n * stride;
        }
        return n % 10 == 9 ? n - 7 : n;
    }

    /** The position of record n on the time line; changes come after every record of the first sync. */
    long sequence(long n) {
        return existing + n;
    }

    long cursorEpochSecond(long n) {
        return CURSOR_BASE_SECOND + sequence(n);
    }

    long emittedAtMilli(long n) {
        return EMITTED_BASE_MILLI + sequence(n);
    }

    /** Distinct keys among the first {@code count} records of this plan. */
    long distinctKeys(long count) {
        return stride > 0 ? count : count - count / 10;
    }
}
