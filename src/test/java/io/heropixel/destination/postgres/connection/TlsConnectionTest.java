package io.heropixel.destination.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingTls;
import io.heropixel.destination.postgres.testing.TestingTlsPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsConnectionTest {
    private static TestingTlsPostgres server;
    private static TestingTls.Issued client;

    @BeforeAll
    static void startServer() {
        server = TestingTlsPostgres.get();
        client = TestingTls.client(server.ca(), TestingTlsPostgres.CERT_USER);
    }

    static ObjectNode config(TestDatabase db, String host, String mode) {
        ObjectNode config = db.config().put("host", host);
        config.remove("ssl");
        config.putObject("ssl_mode").put("mode", mode);
        return config;
    }

    static ConnectorRun check(JsonNode config) {
        return ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
    }

    static void assertSucceeded(ConnectorRun run) {
        assertThat(run.connectionStatus().path("status").asText())
                .as(run.stdout() + run.stderr())
                .isEqualTo("SUCCEEDED");
    }

    static String failure(ConnectorRun run) {
        assertThat(run.exitCode()).isZero();
        assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
        assertThat(run.errorTraces())
                .extracting(t -> t.path("failure_type").asText())
                .containsExactly("config_error");
        return run.connectionStatus().path("message").asText();
    }

    @Test
    void verifyFullWithTheRightCaAndHostName() throws SQLException {
        TestDatabase db = server.newDatabase();
        ObjectNode config = config(db, "localhost", "verify-full");
        ((ObjectNode) config.get("ssl_mode")).put("ca_certificate", server.ca().certificatePem());
        assertSucceeded(check(config));
        try (ConnectionFactory factory = new ConnectionFactory(ConfigResolver.resolve(config, true));
                Connection connection = factory.open()) {
            assertThat(ConnectionFactoryTest.value(
                            connection, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                    .isIn("t", "true");
        }
    }

    @Test
    void verifyFullWithAnotherCaFails() {
        TestDatabase db = server.newDatabase();
        ObjectNode config = config(db, "localhost", "verify-full");
        ((ObjectNode) config.get("ssl_mode"))
                .put(
                        "ca_certificate",
                        TestingTls.certificateAuthority("Some Other CA").certificatePem());
        assertThat(failure(check(config))).contains("SSL connection", "CA certificate");
    }

    @Test
    void verifyFullWithAnotherHostNameFails() {
        TestDatabase db = server.newDatabase();
        ObjectNode config = config(db, "127.0.0.1", "verify-full");
        ((ObjectNode) config.get("ssl_mode")).put("ca_certificate", server.ca().certificatePem());
        assertThat(failure(check(config))).contains("does not name the host '127.0.0.1'", "verify-ca");
        ((ObjectNode) config.get("ssl_mode")).put("mode", "verify-ca");
        assertSucceeded(check(config));
    }

    @Test
    void requireWorksWithoutACa() {
        ConnectorRun require = check(config(server.newDatabase(), "127.0.0.1", "require"));
        assertSucceeded(require);
        // check reports what it found: this connection runs over TLS
        assertThat(require.connectionStatus().path("message").asText())
                .contains("TLS: in use", "connection pooler: none detected");
        ConnectorRun prefer = check(config(server.newDatabase(), "localhost", "prefer"));
        assertSucceeded(prefer);
        assertThat(prefer.connectionStatus().path("message").asText()).contains("TLS: in use");
    }

    @Test
    void disableAgainstAnSslOnlyServerFails() {
        assertThat(failure(check(config(server.newDatabase(), "localhost", "disable"))))
                .contains("pg_hba.conf", "hostssl");
    }

    @Test
    void clientCertificateAuthenticationWithEveryKeyForm() throws IOException {
        Set<Path> before = listWorkingDirectory();
        String password = "key-pass-123";
        Map<String, List<String>> keys = Map.of(
                "pkcs8", List.of(client.keyPkcs8(), ""),
                "pkcs8-encrypted", List.of(client.keyPkcs8Encrypted(password), password),
                "pkcs1", List.of(client.keyPkcs1(), ""),
                "pkcs1-encrypted", List.of(client.keyPkcs1Encrypted(password), password));
        for (Map.Entry<String, List<String>> key : keys.entrySet()) {
            TestDatabase db = server.newDatabase();
            ObjectNode config = config(db, "localhost", "verify-full").put("username", TestingTlsPostgres.CERT_USER);
            ((ObjectNode) config.get("ssl_mode"))
                    .put("ca_certificate", server.ca().certificatePem())
                    .put("client_certificate", client.certificatePem())
                    .put("client_key", key.getValue().get(0))
                    .put("client_key_password", key.getValue().get(1));
            ConnectorRun run = check(config);
            assertThat(run.connectionStatus().path("status").asText())
                    .as(key.getKey() + ": " + run.stdout())
                    .isEqualTo("SUCCEEDED");
            if (!key.getValue().get(1).isEmpty()) {
                assertThat(run.stdout() + run.stderr()).doesNotContain(password);
            }
        }
        assertThat(listWorkingDirectory()).isEqualTo(before);
    }

    @Test
    void clientKeyPasswordProblems() {
        TestDatabase db = server.newDatabase();
        ObjectNode config = config(db, "localhost", "verify-full").put("username", TestingTlsPostgres.CERT_USER);
        ObjectNode ssl = ((ObjectNode) config.get("ssl_mode"))
                .put("ca_certificate", server.ca().certificatePem())
                .put("client_certificate", client.certificatePem())
                .put("client_key", client.keyPkcs8Encrypted("right-pass"));
        assertThat(failure(check(config))).contains("client_key is encrypted", "client_key_password");
        ssl.put("client_key_password", "wrong-pass");
        assertThat(failure(check(config))).contains("could not be decrypted");
        ssl.put("client_key", client.keyPkcs1Encrypted("right-pass"));
        assertThat(failure(check(config))).contains("could not be decrypted");
    }

    @Test
    void certUserWithoutClientCertificateIsRefused() {
        TestDatabase db = server.newDatabase();
        ObjectNode config = config(db, "localhost", "verify-full").put("username", TestingTlsPostgres.CERT_USER);
        ((ObjectNode) config.get("ssl_mode")).put("ca_certificate", server.ca().certificatePem());
        ConnectorRun run = check(config);
        assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
    }

    private static Set<Path> listWorkingDirectory() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
            return files.collect(Collectors.toSet());
        }
    }
}
