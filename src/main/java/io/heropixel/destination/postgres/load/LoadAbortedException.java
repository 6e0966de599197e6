package io.heropixel.destination.postgres.load;

/** Thrown inside the pipeline once another thread failed; the first failure is the one reported. */
public final class LoadAbortedException extends RuntimeException {
    public LoadAbortedException() {
        super("The load was aborted because another part of the write failed", null, false, false);
    }
}
