package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.testing.TestingSshServer;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.io.IOException;
import java.net.ServerSocket;
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
    private static final String PASSWORD = "s3cret-tunnel-pw";

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
    void aWrongPasswordIsRefusedPlainly(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            assertThatThrownBy(
                            () -> SshTunnel.open(passwordTunnel(server, "wrong-password-x", ""), db.host(), db.port()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("refused the password for user 'tunnel'")
                    .hasMessageContaining("tunnel_user_password")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("wrong-password-x")
                            .doesNotContain(PASSWORD));
        }
    }

    @Test
    void aKeyThatIsNotAuthorizedIsRefusedPlainly(TestDatabase db) {
        KeyPair authorized = TestingSshServerKeys.generate("ssh-ed25519");
        KeyPair other = TestingSshServerKeys.generate("ssh-ed25519");
        String otherText = TestingSshServerKeys.openSsh(other);
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).authorize(authorized.getPublic())) {
            assertThatThrownBy(() -> SshTunnel.open(keyTunnel(server, otherText, ""), db.host(), db.port()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("refused the private key")
                    .hasMessageContaining("authorized_keys")
                    .satisfies(e ->
                            assertThat(e.getMessage()).doesNotContain(otherText.split("\n")[1]));
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
    void aDifferentHostKeyIsRefusedBeforeLoggingIn(TestDatabase db) {
        String otherKey = TestingSshServer.start(PASSWORD).hostKeyLine(); // another server, another key
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            for (String pin : new String[] {otherKey, "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
                assertThatThrownBy(() -> SshTunnel.open(passwordTunnel(server, PASSWORD, pin), db.host(), db.port()))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("presented the ssh-ed25519 host key " + server.hostKeyFingerprint())
                        .hasMessageContaining("does not match known_host_key")
                        .hasMessageContaining(server.hostKeyLine());
            }
        }
    }

    @Test
    void aMalformedPinIsAConfigError(TestDatabase db) {
        assertThatThrownBy(() -> SshTunnel.open(
                        new TunnelConfig.SshPasswordTunnel("127.0.0.1", 1, "u", PASSWORD, "not-a-key"),
                        db.host(),
                        db.port()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("known_host_key is neither an SSH public key nor a SHA256 fingerprint");
    }

    @Test
    void anUnreachableJumpServerIsReported(TestDatabase db) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> SshTunnel.open(
                        new TunnelConfig.SshPasswordTunnel("127.0.0.1", closedPort, "u", PASSWORD, ""),
                        db.host(),
                        db.port()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("The SSH jump server 127.0.0.1:" + closedPort + " could not be reached")
                .hasMessageContaining("tunnel_port");
    }

    @Test
    void anUnknownJumpServerHostIsReported(TestDatabase db) {
        assertThatThrownBy(() -> SshTunnel.open(
                        new TunnelConfig.SshPasswordTunnel("no-such-host.invalid", 22, "u", PASSWORD, ""),
                        db.host(),
                        db.port()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'no-such-host.invalid' (tunnel_host) could not be resolved");
    }

    @Test
    void aServerThatNeverAnswersTimesOut(TestDatabase db) throws IOException {
        try (ServerSocket silent = new ServerSocket(0);
                Socket ignored = new Socket("127.0.0.1", silent.getLocalPort())) {
            // The socket accepts connections (backlog) but never speaks SSH.
            assertThatThrownBy(() -> SshTunnel.open(
                            new TunnelConfig.SshPasswordTunnel("127.0.0.1", silent.getLocalPort(), "u", PASSWORD, ""),
                            db.host(),
                            db.port(),
                            Duration.ofSeconds(1)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Timed out after 1 s while");
        }
    }

    @Test
    void aServerThatRefusesForwardingIsReported(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD, false)) {
            assertThatThrownBy(() -> SshTunnel.open(passwordTunnel(server, PASSWORD, ""), db.host(), db.port()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(
                            "refused to forward connections to the database at " + db.host() + ":" + db.port())
                    .hasMessageContaining("AllowTcpForwarding");
        }
    }

    @Test
    void aDatabaseTheJumpServerCannotReachIsReported(TestDatabase db) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            assertThatThrownBy(() -> SshTunnel.open(passwordTunnel(server, PASSWORD, ""), "127.0.0.1", closedPort))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("could not connect to the database at 127.0.0.1:" + closedPort);
        }
    }

    @Test
    void aDatabaseHostTheJumpServerCannotResolveIsReported(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            assertThatThrownBy(() -> SshTunnel.open(passwordTunnel(server, PASSWORD, ""), "no-such-db.invalid", 5432))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("could not connect to the database at no-such-db.invalid:5432")
                    .hasMessageContaining("as the jump server sees it");
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

    private static Connection connect(SshTunnel tunnel, TestDatabase db) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.user());
        String url = "jdbc:postgresql://" + tunnel.localHost() + ":" + tunnel.localPort() + "/" + db.database();
        return DriverManager.getConnection(url, properties);
    }

    private static String queryThrough(SshTunnel tunnel, TestDatabase db) throws SQLException {
        try (Connection connection = connect(tunnel, db);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
