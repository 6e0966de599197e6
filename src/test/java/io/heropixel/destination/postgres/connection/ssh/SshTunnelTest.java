package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.testing.TestingSshServer;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.io.IOException;
import java.net.Socket;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(TestingPostgres.class)
class SshTunnelTest {
    static final String PASSWORD = "s3cret-tunnel-pw";

    static Stream<Arguments> keys() {
        Function<KeyPair, String> openSsh = TestingSshServerKeys::openSsh;
        Function<KeyPair, String> pem = pair -> TestingSshServerKeys.pem(pair, null);
        Function<KeyPair, String> escaped = pair -> TestingSshServerKeys.escapedNewlines(openSsh.apply(pair));
        Function<KeyPair, String> escapedPem = pair -> TestingSshServerKeys.escapedNewlines(pem.apply(pair));
        Function<KeyPair, String> pkcs8 = TestingSshServerKeys::pkcs8;
        return Stream.of(
                Arguments.of("ssh-rsa", "openssh", openSsh),
                Arguments.of("ssh-rsa", "pem", pem),
                Arguments.of("ssh-rsa", "pem with literal \\n", escapedPem),
                Arguments.of("ecdsa-sha2-nistp256", "openssh", openSsh),
                Arguments.of("ecdsa-sha2-nistp256", "pem", pem),
                Arguments.of("ecdsa-sha2-nistp256", "openssh with literal \\n", escaped),
                Arguments.of("ssh-ed25519", "openssh", openSsh),
                Arguments.of("ssh-ed25519", "openssh with literal \\n", escaped),
                Arguments.of("ssh-ed25519", "pkcs8", pkcs8));
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @MethodSource("keys")
    void keyAuthenticationTunnelsToTheDatabase(
            String type, String form, Function<KeyPair, String> render, TestDatabase db) throws Exception {
        KeyPair key = TestingSshServerKeys.generate(type);
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).authorize(key.getPublic());
                SshTunnel tunnel = SshTunnel.open(keyTunnel(server, render.apply(key), ""), db.host(), db.port())) {
            assertThat(tunnel.localHost()).isEqualTo("127.0.0.1");
            assertThat(tunnel.localPort()).isNotEqualTo(db.port()).isPositive();
            assertThat(queryThrough(tunnel, db)).isEqualTo(db.database());
        }
    }

    @Test
    void passwordAuthenticationTunnelsToTheDatabase(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE t (x int)", "INSERT INTO t VALUES (41), (1)");
        try (TestingSshServer server = TestingSshServer.start(PASSWORD);
                SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port());
                Connection connection = connect(tunnel, db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT sum(x) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(42);
        }
    }

    @Test
    void aServerOfferingOnlyKeyboardInteractiveAcceptsThePassword(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.startKeyboardInteractiveOnly(PASSWORD);
                SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port())) {
            assertThat(queryThrough(tunnel, db)).isEqualTo(db.database());
        }
    }

    @Test
    void severalConnectionsShareOneTunnel(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD);
                SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port());
                Connection first = connect(tunnel, db);
                Connection second = connect(tunnel, db)) {
            first.createStatement().execute("CREATE TABLE t (x int)");
            second.createStatement().execute("INSERT INTO t VALUES (1)");
            assertThat(db.queryValue("SELECT count(*) FROM t")).isEqualTo(1L);
            assertThat(server.activeSessions()).isEqualTo(1);
        }
    }

    @Test
    void aPinnedHostKeyIsAcceptedAsAKeyOrAsAFingerprint(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            for (String pin : new String[] {
                server.hostKeyLine(),
                server.hostKeyLine() + " root@jump",
                "[127.0.0.1]:" + server.port() + " " + server.hostKeyLine(),
                server.hostKeyFingerprint(),
                "256 " + server.hostKeyFingerprint() + " root@jump (ED25519)",
                "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA," + server.hostKeyFingerprint()
            }) {
                try (SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, pin), db.host(), db.port())) {
                    assertThat(queryThrough(tunnel, db)).as(pin).isEqualTo(db.database());
                }
            }
        }
    }

    @Test
    void closingEndsTheTunnelAndCanBeRepeated(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port());
            assertThat(queryThrough(tunnel, db)).isEqualTo(db.database());
            tunnel.close();
            tunnel.close();
            assertThatThrownBy(() -> new Socket(tunnel.localHost(), tunnel.localPort()).close())
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theClientThreadsNeverKeepTheJvmAliveAndEndWithTheTunnel(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port());
            assertThat(queryThrough(tunnel, db)).isEqualTo(db.database());
            List<Thread> clientThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("sshd-SshClient"))
                    .toList();
            assertThat(clientThreads).isNotEmpty().allMatch(Thread::isDaemon);
            tunnel.close();
            for (Thread thread : clientThreads) {
                thread.join(Duration.ofSeconds(30).toMillis());
                assertThat(thread.isAlive()).as(thread.getName()).isFalse();
            }
        }
    }

    @Test
    void whenTheJumpServerGoesAwayConnectionsFailAsConnectionErrors(TestDatabase db) throws Exception {
        TestingSshServer server = TestingSshServer.start(PASSWORD);
        try (SshTunnel tunnel = SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port());
                Connection connection = connect(tunnel, db);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            server.kill();
            assertThatThrownBy(() -> statement.execute("SELECT 2"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        }
    }

    /** A server (or firewall) that drops silent sessions after 1 s; a statement that runs 3 s. */
    @Test
    void keepAlivesKeepAQuietTunnelOpenDuringALongStatement(TestDatabase db) throws Exception {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).idleTimeout(Duration.ofSeconds(1))) {
            try (SshTunnel tunnel = SshTunnel.open(
                            passwordTunnel(server, PASSWORD, ""),
                            db.host(),
                            db.port(),
                            Duration.ofSeconds(20),
                            Duration.ofMillis(250));
                    Connection connection = connect(tunnel, db);
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_sleep(3)");
                assertThat(queryThrough(tunnel, db)).isEqualTo(db.database());
            }
            // Control: without keep-alives the same statement loses its connection.
            try (SshTunnel tunnel = SshTunnel.open(
                            passwordTunnel(server, PASSWORD, ""),
                            db.host(),
                            db.port(),
                            Duration.ofSeconds(20),
                            Duration.ZERO);
                    Connection connection = connect(tunnel, db);
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(3)"))
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void withoutATunnelTheTargetIsUsedDirectly() {
        try (SshTunnel tunnel = SshTunnel.open(new TunnelConfig.NoTunnel(), "db.example", 5433)) {
            assertThat(tunnel.localHost()).isEqualTo("db.example");
            assertThat(tunnel.localPort()).isEqualTo(5433);
        }
    }

    static TunnelConfig keyTunnel(TestingSshServer server, String key, String hostKey) {
        return new TunnelConfig.SshKeyTunnel(server.host(), server.port(), TestingSshServer.USER, key, hostKey);
    }

    static TunnelConfig passwordTunnel(TestingSshServer server, String password, String hostKey) {
        return new TunnelConfig.SshPasswordTunnel(
                server.host(), server.port(), TestingSshServer.USER, password, hostKey);
    }

    static Connection connect(SshTunnel tunnel, TestDatabase db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        String url = "jdbc:postgresql://" + tunnel.localHost() + ":" + tunnel.localPort() + "/" + db.database();
        return DriverManager.getConnection(url, properties);
    }

    static String queryThrough(SshTunnel tunnel, TestDatabase db) throws SQLException {
        try (Connection connection = connect(tunnel, db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
