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

    /**
     * The message for the user, as the classifier of the running command sees it. By default the
     * exception's own message; an exception that wraps a failure of a step overrides it to classify its
     * cause with that classifier (which knows the login the command uses).
     */
    public String messageFor(ErrorClassifier classifier) {
        return getMessage();
    }
}
