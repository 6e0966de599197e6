package io.heropixel.destination.postgres.cli;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.FailureType;
import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.protocol.Messages;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a classified failure: a log line on stderr and one TRACE error message on stdout, both with the
 * run's secrets masked.
 */
final class ErrorReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    private final ProtocolWriter protocol;
    private final Secrets secrets;

    ErrorReporter(ProtocolWriter protocol, Secrets secrets) {
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    /** Emits the TRACE error for {@code failure} (already classified) and returns the exit code to use. */
    int report(ClassifiedError error, Throwable failure) {
        String stackTrace = secrets.redact(stackTrace(failure));
        String logLine = secrets.redact(logLine(error));
        if (error.type() == FailureType.SYSTEM) {
            LOG.error("{}\n{}", logLine, stackTrace);
        } else {
            LOG.error("{}", logLine);
        }
        protocol.write(Messages.errorTrace(error.type(), error.message(), error.internalMessage(), stackTrace));
        return error.exitCode();
    }

    /**
     * The message once, followed by what the internal message adds to it (the exceptions of the chain
     * whose text is not the message itself), in parentheses.
     */
    static String logLine(ClassifiedError error) {
        List<String> extra = new ArrayList<>();
        for (String link : error.internalMessage().split(ErrorClassifier.CAUSED_BY, -1)) {
            if (!link.equals(error.message()) && !link.endsWith(": " + error.message())) {
                extra.add(link);
            }
        }
        return extra.isEmpty()
                ? error.message()
                : error.message() + " (" + String.join(ErrorClassifier.CAUSED_BY, extra) + ")";
    }

    static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text)); // into a string, never to a console
        return text.toString();
    }
}
