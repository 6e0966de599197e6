package io.heropixel.destination.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectRetryTest {

    @Test
    void retriesRefusedConnectionsABoundedNumberOfTimes() {
        AtomicInteger tries = new AtomicInteger();
        ConnectRetry retry = new ConnectRetry(
                () -> {
                    tries.incrementAndGet();
                    throw new SQLException("Connection refused", "08001");
                },
                3,
                Duration.ofMillis(1));

        assertThatThrownBy(retry::open).hasMessage("Connection refused");
        assertThat(tries).hasValue(3);
    }

    @Test
    void retriesAServerThatIsStartingUpUntilItAnswers() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        ConnectRetry retry = new ConnectRetry(
                () -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new SQLException("the database system is starting up", "57P03");
                    }
                    return null;
                },
                4,
                Duration.ofMillis(1));

        retry.open();

        assertThat(tries).hasValue(3);
    }

    @Test
    void retriesAPoolerThatCannotReachTheServerYet() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        ConnectRetry retry = new ConnectRetry(
                () -> {
                    if (tries.incrementAndGet() < 3) {
                        throw new SQLException(
                                "FATAL: server login has been failing, try again later (server_login_retry)", "08P01");
                    }
                    return null;
                },
                4,
                Duration.ofMillis(1));

        retry.open();

        assertThat(tries).hasValue(3);
        assertThat(ConnectRetry.retryable(new SQLException("pgbouncer cannot connect to server", "08P01")))
                .isTrue();
        assertThat(ConnectRetry.retryable(new SQLException("unsupported startup parameter: x", "08P01")))
                .isFalse();
    }

    @Test
    void neverRetriesAuthenticationOrMissingDatabases() {
        for (String state : new String[] {"28P01", "28000", "3D000", "42501"}) {
            AtomicInteger tries = new AtomicInteger();
            ConnectRetry retry = new ConnectRetry(
                    () -> {
                        tries.incrementAndGet();
                        throw new SQLException("no", state);
                    },
                    4,
                    Duration.ofMillis(1));

            assertThatThrownBy(retry::open).isInstanceOf(SQLException.class);
            assertThat(tries).as(state).hasValue(1);
        }
    }
}
