package io.heropixel.destination.postgres.bench;

import java.util.Locale;

/** The cases {@code bin/benchmark --scenario} can run. */
enum Scenario {
    /** One case from --records, --mode, --shape, --streams (default: 1 M narrow append+dedup). */
    QUICK,
    /** 1 M narrow append+dedup: connector / floor. */
    DEDUP,
    /** 1 M narrow append: connector / floor. */
    APPEND,
    /** --records and --scale-records (1 M and 10 M): time ratio and peak RSS at both. */
    SCALE,
    /** --changed-records (10 k) changed records into a --base-records (2 M) deduplicated table. */
    INCREMENTAL,
    /** One record of --big-record-mb (64 MB) among a thousand small ones. */
    BIG_RECORD,
    /** 4 streams of --records / 4 against 1 stream of --records. */
    STREAMS,
    /** --many-streams (1 000) streams of --many-records (20) records, synced twice: per-stream overhead. */
    MANY_STREAMS,
    /** Every scenario above except QUICK. */
    ALL;

    /** Parses {@code big-record}, {@code BIG_RECORD} and the like. */
    static Scenario parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
