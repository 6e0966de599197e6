package io.heropixel.destination.postgres.error;

import static java.util.Objects.requireNonNull;

/**
 * A failure, classified once: its category, the message for the user (what happened and what to do),
 * and the technical text for the logs. {@link ErrorClassifier} redacts both texts with the run's secrets.
 */
public record ClassifiedError(FailureType type, String message, String internalMessage) {
    public ClassifiedError {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
        requireNonNull(internalMessage, "internalMessage is null");
    }

    public int exitCode() {
        return type.exitCode();
    }
}
