package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ConnectorException;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.LoginContext;

/**
 * A step of the write failed (loading, preparing, typing or swapping a stream's tables). The message names
 * the step and the stream; the category (config, transient, system) is the cause's, as {@link
 * ErrorClassifier} sees it.
 */
public final class LoadFailedException extends ConnectorException {
    private LoadFailedException(ClassifiedError classified, String what, Throwable cause) {
        super(classified.type(), "Failed while " + what + ": " + detail(classified, cause), cause);
    }

    public static LoadFailedException of(String what, Throwable cause) {
        ClassifiedError classified =
                new ErrorClassifier(ErrorClassifier.Phase.WRITE, LoginContext.current()).classify(cause);
        return new LoadFailedException(classified, what, cause);
    }

    private static String detail(ClassifiedError classified, Throwable cause) {
        if (!ErrorClassifier.SYSTEM_MESSAGE.equals(classified.message())) {
            return classified.message();
        }
        String message = cause.getMessage();
        return (message == null ? cause.getClass().getSimpleName() : message)
                + ". See the logs for details; retry the sync, and report it if it happens again.";
    }
}
