package io.heropixel.destination.postgres.load;

/**
 * When a loader thread commits the open COPY of a stream: when the batch reaches its byte budget, when a
 * STATE has waited long enough (or at once when the stream's queue is empty), when the batch is old, or
 * at the end of input. Clock reads while busy are spaced out ({@link StreamLoader#nextTimeCheckNanos}).
 */
final class CommitPolicy {
    private static final long TIME_CHECK_NANOS = 100_000_000L;

    private final LoadSettings settings;
    private final LoadCallbacks callbacks;

    CommitPolicy(LoadSettings settings, LoadCallbacks callbacks) {
        this.settings = settings;
        this.callbacks = callbacks;
    }

    /**
     * The stream's queue is empty and it has uncommitted rows: commit when {@code releasing} (input ended,
     * the pool stops, or another stream waits for a thread), a STATE waits, or the batch is old.
     */
    boolean whenIdle(StreamLoader loader, boolean releasing) {
        long now = System.nanoTime();
        return releasing
                || callbacks.stateWaitingNanos(loader.index(), now) >= 0
                || loader.batchAgeNanos(now) >= settings.maxBatchAge().toNanos();
    }

    /**
     * A record was just written: commit when the batch is full, old, or has run for the STATE flush delay
     * while a STATE or ({@code othersWaiting}) another stream waits.
     */
    boolean whileBusy(StreamLoader loader, boolean othersWaiting) {
        if (loader.batchBytes() >= settings.batchBytes()) {
            return true;
        }
        long now = System.nanoTime();
        if (now < loader.nextTimeCheckNanos) {
            return false;
        }
        loader.nextTimeCheckNanos = now + TIME_CHECK_NANOS;
        long age = loader.batchAgeNanos(now);
        return age >= settings.maxBatchAge().toNanos()
                || (othersWaiting && age >= settings.stateFlushDelay().toNanos())
                || callbacks.stateWaitingNanos(loader.index(), now)
                        >= settings.stateFlushDelay().toNanos();
    }
}
