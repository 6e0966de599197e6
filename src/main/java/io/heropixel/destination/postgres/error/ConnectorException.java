package io.heropixel.destination.postgres.error;

/**
 * An error whose category is known where it is raised. Its message is shown to the user and must say
 * what happened and what to do; it must never contain a secret.
 */
public class ConnectorException extends RuntimeException {
    private final FailureType failureType;

    public ConnectorException(FailureType failureType, String message) {
        super(message);
        this.failureType = failureType;
    }

    public ConnectorException(FailureType failureType, String message, Throwable cause) {
        super(message, cause);
        this.failureType = failureType;
    }

    public FailureType failureType() {
        return failureType;
    }
}
