package io.heropixel.destination.postgres.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {
    private static final LoginContext LOGIN = new LoginContext("db.example.com", 5432, "mydb", "hero_user");
    private final ErrorClassifier check = new ErrorClassifier(ErrorClassifier.Phase.CHECK, LOGIN);
    private final ErrorClassifier write = new ErrorClassifier(ErrorClassifier.Phase.WRITE, LOGIN);

    @Test
    void connectorExceptionsKeepTheirType() {
        ClassifiedError error = write.classify(new RuntimeException("wrapper", new TransientException("try again")));
        assertThat(error.type()).isEqualTo(FailureType.TRANSIENT);
        assertThat(error.message()).isEqualTo("try again");
        assertThat(error.internalMessage()).contains("wrapper", "try again");
    }

    @Test
    void transientSqlStates() {
        for (String state : new String[] {"57P01", "57P03", "40001", "40P01", "55P03"}) {
            ClassifiedError error = write.classify(new SQLException("ERROR: busy", state));
            assertThat(error.type()).as(state).isEqualTo(FailureType.TRANSIENT);
            assertThat(error.message()).contains(state, "Retrying");
        }
    }

    @Test
    void connectionFailuresAreConfigWhenCheckingAndTransientWhenWriting() {
        SQLException refused = new SQLException("Connection refused", "08001", new ConnectException("refused"));
        assertThat(check.classify(refused).type()).isEqualTo(FailureType.CONFIG);
        assertThat(write.classify(refused).type()).isEqualTo(FailureType.TRANSIENT);
        assertThat(write.classify(refused).message()).contains("db.example.com:5432", "refused");
        SQLException timeout = new SQLException("timeout", "08001", new SocketTimeoutException("connect timed out"));
        assertThat(check.classify(timeout).message()).contains("timed out", "connectTimeout");
        assertThat(write.classify(new SQLException("An I/O error occurred", "08006"))
                        .type())
                .isEqualTo(FailureType.TRANSIENT);
    }

    @Test
    void privilegeMessagesNameTheGrant() {
        assertThat(check.classify(new SQLException("ERROR: permission denied for database mydb", "42501"))
                        .message())
                .contains("GRANT CREATE ON DATABASE mydb TO hero_user;");
        assertThat(check.classify(new SQLException("ERROR: permission denied for schema \"Sales\"", "42501"))
                        .message())
                .contains("GRANT USAGE, CREATE ON SCHEMA \"Sales\" TO hero_user;");
        assertThat(check.classify(new SQLException("ERROR: permission denied for table users", "42501"))
                        .message())
                .contains("ON TABLE users TO hero_user;");
        assertThat(check.classify(new SQLException("ERROR: must be owner of table users", "42501"))
                        .message())
                .contains("ALTER TABLE users OWNER TO hero_user;");
    }

    @Test
    void anythingElseIsASystemError() {
        ClassifiedError error = write.classify(new IllegalStateException("boom"));
        assertThat(error.type()).isEqualTo(FailureType.SYSTEM);
        assertThat(error.message()).isEqualTo(ErrorClassifier.SYSTEM_MESSAGE);
        assertThat(error.internalMessage()).contains("boom");
        assertThat(write.classify(new SQLException("ERROR: syntax error", "42601"))
                        .type())
                .isEqualTo(FailureType.SYSTEM);
    }

    @Test
    void secretsAreRedacted() {
        ErrorClassifier write = new ErrorClassifier(ErrorClassifier.Phase.WRITE, LOGIN, Secrets.of("very-secret-pw"));
        ClassifiedError error = write.classify(new IllegalStateException("password very-secret-pw leaked"));
        assertThat(error.internalMessage()).doesNotContain("very-secret-pw");
    }
}
