package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ConnectorException;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.LoginContext;

/**
 * A step of the write failed (loading, preparing, typing or swapping a stream's tables). The message names
 * the step and the stream; the category (config, transient, system) is the cause's, as {@link
 * ErrorClassifier} sees it. The message the user sees is made by the command's classifier ({@link
 * #messageFor}), which knows the login the command uses.
 */
public final class LoadFailedException extends ConnectorException {
    private final String what;

    private LoadFailedException(ClassifiedError classified, String what, Throwable cause) {
        super(classified.type(), message(what, classified, cause), cause);
        this.what = what;
    }

    public static LoadFailedException of(String what, Throwable cause) {
        ClassifiedError classified =
                new ErrorClassifier(ErrorClassifier.Phase.WRITE, LoginContext.UNKNOWN).classify(cause);
        return new LoadFailedException(classified, what, cause);
    }

    @Override
    public String messageFor(ErrorClassifier classifier) {
        return message(what, classifier.classify(getCause()), getCause());
    }

    private static String message(String what, ClassifiedError classified, Throwable cause) {
        return "Failed while " + what + ": " + detail(classified, cause);
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
