package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.connection.ConnectionFactory;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingSshServer;
import io.heropixel.destination.postgres.testing.TestingTlsPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** SSL inside the tunnel: the certificate is checked against the database host name, not 127.0.0.1. */
class SshTunnelTlsTest {
    private static final String PASSWORD = "Tls-Tunnel-Pw-3318";

    @Test
    void verifyFullThroughATunnelChecksTheDatabaseHostName() throws Exception {
        TestingTlsPostgres tls = TestingTlsPostgres.get();
        TestDatabase db = tls.newDatabase();
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = SshTunnelCheckTest.throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("tunnel_user_password", PASSWORD);
            config.put("host", "localhost").remove("ssl");
            config.putObject("ssl_mode")
                    .put("mode", "verify-full")
                    .put("ca_certificate", tls.ca().certificatePem());

            ConnectorRun run = ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
            assertThat(run.connectionStatus().path("status").asText())
                    .as(run.stdout())
                    .isEqualTo("SUCCEEDED");

            try (ConnectionFactory factory = new ConnectionFactory(ConfigResolver.resolve(config, true));
                    Connection connection = factory.open();
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }

            // The certificate names "localhost" only: a database host it does not name is refused.
            config.put("host", "127.0.0.1");
            ConnectorRun wrongName = ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
            assertThat(wrongName.connectionStatus().path("status").asText()).isEqualTo("FAILED");
            assertThat(wrongName.connectionStatus().path("message").asText()).contains("127.0.0.1");
        }
    }
}
