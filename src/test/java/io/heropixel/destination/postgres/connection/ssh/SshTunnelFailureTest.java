package io.heropixel.destination.postgres.connection.ssh;

import static io.heropixel.destination.postgres.connection.ssh.SshTunnelTest.PASSWORD;
import static io.heropixel.destination.postgres.connection.ssh.SshTunnelTest.keyTunnel;
import static io.heropixel.destination.postgres.connection.ssh.SshTunnelTest.passwordTunnel;
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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every way opening a tunnel can fail is a ConfigException that says what to change, without secrets. */
@ExtendWith(TestingPostgres.class)
class SshTunnelFailureTest {
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
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(15)))
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
}
