package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.LoginContext;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
    private final ErrorClassifier classifier = new ErrorClassifier(ErrorClassifier.Phase.WRITE, LoginContext.UNKNOWN);

    @Test
    void theLogLineHoldsTheMessageOnce() {
        ClassifiedError error = classifier.classify(new ConfigException("Fix the catalog."));
        assertThat(ErrorReporter.logLine(error)).isEqualTo("Fix the catalog.");
    }

    @Test
    void theLogLineKeepsWhatTheCausesAdd() {
        ClassifiedError error = classifier.classify(
                new RuntimeException("wrapper", new ConfigException("Fix it.", new IOException("disk"))));
        assertThat(ErrorReporter.logLine(error))
                .isEqualTo("Fix it. (java.lang.RuntimeException: wrapper <- caused by: java.io.IOException: disk)");
    }

    @Test
    void aSystemErrorKeepsTheTechnicalText() {
        ClassifiedError error = classifier.classify(new SQLException("ERROR: syntax error", "42601"));
        assertThat(ErrorReporter.logLine(error))
                .isEqualTo(ErrorClassifier.SYSTEM_MESSAGE + " (java.sql.SQLException: ERROR: syntax error)");
    }
}
