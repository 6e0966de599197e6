package io.heropixel.destination.postgres.error;

/** Retrying the same sync may succeed (network cut, server restart, lock contention). */
public class TransientException extends ConnectorException {
    public TransientException(String message) {
        super(FailureType.TRANSIENT, message);
    }

    public TransientException(String message, Throwable cause) {
        super(FailureType.TRANSIENT, message, cause);
    }
}
