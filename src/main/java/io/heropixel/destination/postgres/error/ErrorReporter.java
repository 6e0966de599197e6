package io.heropixel.destination.postgres.error;

import io.heropixel.destination.postgres.protocol.Messages;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports a classified failure: a log line on stderr and one TRACE error message on stdout. */
public final class ErrorReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    private ErrorReporter() {}

    /** Emits the TRACE error for {@code failure} (already classified) and returns the exit code to use. */
    public static int report(ClassifiedError error, Throwable failure) {
        String stackTrace = Secrets.redact(stackTrace(failure));
        if (error.type() == FailureType.SYSTEM) {
            LOG.error("{} ({})\n{}", error.message(), error.internalMessage(), stackTrace);
        } else {
            LOG.error("{} ({})", error.message(), error.internalMessage());
        }
        ProtocolWriter.write(Messages.errorTrace(error.type(), error.message(), error.internalMessage(), stackTrace));
        return error.exitCode();
    }

    static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text)); // into a string, never to a console
        return text.toString();
    }
}
