package io.heropixel.destination.postgres.load;

/** A loader thread failed with a checked exception; the message says what it was doing. */
public final class LoadFailedException extends RuntimeException {
    public LoadFailedException(String what, Throwable cause) {
        super("Failed while " + what + ": " + cause.getMessage(), cause);
    }
}
