package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.testing.TestingSshServer;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code check} through an SSH tunnel, end to end (in-process SSH server, embedded Postgres). */
@ExtendWith(TestingPostgres.class)
class SshTunnelCheckTest {
    private static final String PASSWORD = "Tunnel-Pw-7781";

    /** A connector config reaching {@code db} through {@code server} (the tunnel object is returned). */
    static ObjectNode throughTunnel(TestDatabase db, TestingSshServer server, String method) {
        ObjectNode config = db.config();
        ObjectNode tunnel = config.putObject("tunnel_method");
        tunnel.put("tunnel_method", method);
        tunnel.put("tunnel_host", server.host());
        tunnel.put("tunnel_port", server.port());
        tunnel.put("tunnel_user", TestingSshServer.USER);
        return config;
    }

    static ConnectorRun check(JsonNode config, String... flags) {
        String[] args = new String[flags.length + 3];
        args[0] = "check";
        args[1] = "--config";
        args[2] = ConnectorRun.tempJson(config);
        System.arraycopy(flags, 0, args, 3, flags.length);
        return ConnectorRun.inProcess(args);
    }

    /** A real JVM, so the logs (stderr) are captured too. */
    static ConnectorRun checkInSubprocess(JsonNode config) {
        return ConnectorRun.subprocess(List.of(), "check", "--config", ConnectorRun.tempJson(config));
    }

    @Test
    void checkSucceedsThroughAPasswordTunnelWithAPinnedHostKey(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method"))
                    .put("tunnel_user_password", PASSWORD)
                    .put("known_host_key", server.hostKeyLine());
            ConnectorRun run = checkInSubprocess(config);
            assertThat(run.connectionStatus().path("status").asText())
                    .as(run.stderr())
                    .isEqualTo("SUCCEEDED");
            assertThat(run.exitCode()).isZero();
            assertThat(run.stderr()).contains("Opened the SSH tunnel").contains("Closed the SSH tunnel");
            assertThat(run.stdout() + run.stderr()).doesNotContain(PASSWORD);
            assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'airbyte_internal'"))
                    .isEqualTo(1L);
        }
    }

    @Test
    void checkSucceedsThroughAKeyTunnelAndNeverPrintsTheKey(TestDatabase db) {
        KeyPair key = TestingSshServerKeys.generate("ssh-ed25519");
        String keyText = TestingSshServerKeys.escapedNewlines(TestingSshServerKeys.openSsh(key));
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).authorize(key.getPublic())) {
            ObjectNode config = throughTunnel(db, server, "SSH_KEY_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("ssh_key", keyText);
            ConnectorRun run = checkInSubprocess(config);
            assertThat(run.connectionStatus().path("status").asText())
                    .as(run.stderr())
                    .isEqualTo("SUCCEEDED");
            // Not pinned: the host key is logged so the user can pin it.
            assertThat(run.stderr()).contains(server.hostKeyFingerprint()).contains("known_host_key");
            String output = run.stdout() + run.stderr();
            for (String line : keyText.split("\\\\n")) {
                if (!line.startsWith("-----")) {
                    assertThat(output).doesNotContain(line);
                }
            }
        }
    }

    @Test
    void aWrongTunnelPasswordFailsTheCheckAsAConfigError(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("tunnel_user_password", "Not-The-Pw-4410");
            ConnectorRun run = check(config);
            assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(run.connectionStatus().path("message").asText()).contains("refused the password");
            assertThat(run.errorTraces()).singleElement().satisfies(trace -> assertThat(
                            trace.path("failure_type").asText())
                    .isEqualTo("config_error"));
            assertThat(run.stdout() + run.stderr()).doesNotContain("Not-The-Pw-4410");
        }
    }

    @Test
    void aKeyWithAPassphraseFailsTheCheckWithAnActionableMessage(TestDatabase db) {
        KeyPair key = TestingSshServerKeys.generate("ssh-rsa");
        String keyText = TestingSshServerKeys.openSsh(key, "Passphrase-0042");
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).authorize(key.getPublic())) {
            ObjectNode config = throughTunnel(db, server, "SSH_KEY_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("ssh_key", keyText);
            ConnectorRun run = check(config);
            assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(run.connectionStatus().path("message").asText())
                    .contains("encrypted with a passphrase")
                    .contains("ssh-keygen -p");
            assertThat(run.errorTraces()).singleElement().satisfies(trace -> assertThat(
                            trace.path("failure_type").asText())
                    .isEqualTo("config_error"));
            assertThat(run.stdout()).doesNotContain("Passphrase-0042").doesNotContain(keyText.split("\n")[1]);
        }
    }

    @Test
    void aHostKeyMismatchFailsTheCheckAndShowsTheOfferedFingerprint(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method"))
                    .put("tunnel_user_password", PASSWORD)
                    .put("known_host_key", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            ConnectorRun run = check(config);
            assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(run.connectionStatus().path("message").asText())
                    .contains(server.hostKeyFingerprint())
                    .contains("does not match known_host_key");
            assertThat(run.errorTraces()).singleElement().satisfies(trace -> assertThat(
                            trace.path("failure_type").asText())
                    .isEqualTo("config_error"));
        }
    }

    @Test
    void strictEncryptionAcceptsAnUnencryptedDatabaseConnectionInsideATunnel(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("tunnel_user_password", PASSWORD);
            ConnectorRun run = check(config, "--strict-encrypt");
            assertThat(run.connectionStatus().path("status").asText())
                    .as(run.stderr())
                    .isEqualTo("SUCCEEDED");

            // The same database without the tunnel is refused in strict mode (ssl_mode is disable).
            ConnectorRun direct = check(db.config(), "--strict-encrypt");
            assertThat(direct.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(direct.connectionStatus().path("message").asText()).contains("Unsecured connection not allowed");
        } finally {
            check(db.config()); // resets the process-wide strict flag
        }
    }
}
