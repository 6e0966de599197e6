package io.heropixel.destination.postgres.load;

import java.time.Duration;

/**
 * Tuning of the load pipeline.
 *
 * @param workers loader threads, each with its own connection (streams load in parallel up to this many)
 * @param batchBytes a COPY is committed once it carried this many bytes of input
 * @param memoryBytes input bytes that may wait in memory for the loaders; the stdin reader blocks beyond
 *     (one record is always admitted, however large)
 * @param stateFlushDelay a STATE that waits this long for a stream's open COPY makes it commit
 * @param maxBatchAge an open COPY is committed at the latest after this long
 * @param typingInterval typing runs between COPYs of a stream at least this often during long syncs
 */
public record LoadSettings(
        int workers,
        long batchBytes,
        long memoryBytes,
        Duration stateFlushDelay,
        Duration maxBatchAge,
        Duration typingInterval) {

    public LoadSettings {
        if (workers < 1 || batchBytes < 1 || memoryBytes < 1) {
            throw new IllegalArgumentException("workers, batchBytes and memoryBytes must be positive");
        }
    }

    /**
     * The defaults: up to 4 parallel streams, 32 MiB batches, typing every 5 minutes, and 1/64 of the
     * maximum heap (between 16 and 64 MiB) for input waiting in memory: more does not load faster (the
     * loaders, not the reader, are the bottleneck) but makes the heap, and so the resident memory, grow,
     * and every young collection copies the records still waiting (the measurements are in
     * docs/benchmarks.md, "Memory").
     */
    public static LoadSettings defaults(int streams) {
        long heapShare = Runtime.getRuntime().maxMemory() / 64;
        return new LoadSettings(
                Math.max(1, Math.min(streams, 4)),
                32L << 20,
                Math.max(16L << 20, Math.min(64L << 20, heapShare)),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5));
    }

    public LoadSettings withTypingInterval(Duration interval) {
        return new LoadSettings(workers, batchBytes, memoryBytes, stateFlushDelay, maxBatchAge, interval);
    }

    public LoadSettings withBatchBytes(long bytes) {
        return new LoadSettings(workers, bytes, memoryBytes, stateFlushDelay, maxBatchAge, typingInterval);
    }
}
