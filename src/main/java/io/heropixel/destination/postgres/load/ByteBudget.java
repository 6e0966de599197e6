package io.heropixel.destination.postgres.load;

/**
 * Bounds the bytes of input waiting in memory. {@link #acquire} blocks while the budget is used up, but
 * always admits a request when nothing is held, so one record larger than the budget still passes.
 */
final class ByteBudget {
    private final long capacity;
    private long used;
    private boolean aborted;

    ByteBudget(long capacity) {
        this.capacity = capacity;
    }

    synchronized void acquire(long bytes) throws InterruptedException {
        while (!aborted && used > 0 && used + bytes > capacity) {
            wait();
        }
        if (aborted) {
            throw new LoadAbortedException();
        }
        used += bytes;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** Wakes and fails every waiting and future {@link #acquire}. */
    synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    synchronized long used() {
        return used;
    }
}
