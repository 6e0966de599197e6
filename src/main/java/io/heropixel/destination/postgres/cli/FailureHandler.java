package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.LoginContext;
import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Any failure escaping a command: classified once, reported as one TRACE error, non-zero exit. */
final class FailureHandler implements IExecutionExceptionHandler {
    private final ProtocolWriter protocol;
    private final Secrets secrets;

    FailureHandler(ProtocolWriter protocol, Secrets secrets) {
        this.protocol = protocol;
        this.secrets = secrets;
    }

    /** A command that knows more about its failures (phase, login) than the default. */
    interface ClassifiesFailures {
        ErrorClassifier classifier();
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        ErrorClassifier classifier = commandLine.getCommand() instanceof ClassifiesFailures c
                ? c.classifier()
                : new ErrorClassifier(ErrorClassifier.Phase.WRITE, LoginContext.UNKNOWN, secrets);
        ClassifiedError error = classifier.classify(failure);
        return new ErrorReporter(protocol, secrets).report(error, failure);
    }
}
