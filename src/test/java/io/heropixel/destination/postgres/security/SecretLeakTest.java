package io.heropixel.destination.postgres.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.faults.WriteProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPasswordPostgres;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.testing.TestingTls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every secret of the config (password, password in jdbc_url_params, client key and its password, SSH key
 * and SSH password) is absent from stdout and stderr of real connector processes — check and write,
 * succeeding and failing. Each PEM key is also checked line by line (a key body leaks even without its
 * header).
 */
@ExtendWith(TestingPostgres.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES) // hang guard only
class SecretLeakTest {
    private static final String PASSWORD = "Pw-4f7d1c9e-sekret";
    private static final String URL_PASSWORD = "UrlPw-9b3e77a1";
    private static final String KEY_PASSWORD = "KeyPw-1c2d3e4f";
    private static final String TUNNEL_PASSWORD = "TunnelPw-77aa55bb";
    private static final String CATALOG = "{\"streams\":[{\"stream\":{\"name\":\"s\",\"namespace\":\"leak\","
            + "\"json_schema\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}},"
            + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
            + "\"destination_sync_mode\":\"append\",\"generation_id\":1,\"minimum_generation_id\":0,\"sync_id\":1}]}";
    private static final List<String> INPUT = List.of(
            "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"leak\",\"stream\":\"s\",\"emitted_at\":1,\"data\":{\"id\":1}}}",
            "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{}}}}");

    @Test
    void noSecretInAnyOutput(TestDatabase db) throws Exception {
        String role = "leak_user_" + Long.toString(Math.floorMod(System.nanoTime(), 1_000_000_000L), 36);
        TestDatabase login = TestingPasswordPostgres.createRole(db, role, PASSWORD);
        TestingPasswordPostgres.grantConnectorPrivileges(db, role);
        TestingTls.Issued ca = TestingTls.certificateAuthority("leak-ca");
        TestingTls.Issued client = TestingTls.client(ca, role);
        String clientKey = client.keyPkcs8Encrypted(KEY_PASSWORD);
        TestingTls.Issued ssh = TestingTls.client(ca, "tunnel");
        String sshKey = ssh.keyPkcs1();
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, URL_PASSWORD, KEY_PASSWORD, TUNNEL_PASSWORD));
        secrets.addAll(keyLines(clientKey));
        secrets.addAll(keyLines(sshKey));

        List<Callable<ConnectorRun>> tasks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // succeeding check and write, with a password in jdbc_url_params that the config password overrides
        ObjectNode good = login.config().put("jdbc_url_params", "password=" + URL_PASSWORD + "&ApplicationName=x");
        add(tasks, names, "check ok", () -> check(good));
        add(tasks, names, "write ok", () -> write(good));
        // wrong password: the server rejects the login
        ObjectNode wrong = login.config().put("password", PASSWORD + "-wrong");
        secrets.add(PASSWORD + "-wrong");
        add(tasks, names, "check wrong password", () -> check(wrong));
        add(tasks, names, "write wrong password", () -> write(wrong));
        // nothing listens on the port
        ObjectNode refused = login.config().put("port", 1).put("jdbc_url_params", "password=" + URL_PASSWORD);
        add(tasks, names, "check refused", () -> check(refused));
        add(tasks, names, "write refused", () -> write(refused));
        // client certificate with an encrypted key against a server without SSL
        ObjectNode tls = login.config();
        tls.putObject("ssl_mode")
                .put("mode", "verify-full")
                .put("ca_certificate", ca.certificatePem())
                .put("client_certificate", client.certificatePem())
                .put("client_key", clientKey)
                .put("client_key_password", KEY_PASSWORD);
        add(tasks, names, "check tls", () -> check(tls));
        add(tasks, names, "write tls", () -> write(tls));
        // SSH tunnels to a port where no SSH server listens
        ObjectNode keyTunnel = login.config();
        keyTunnel
                .putObject("tunnel_method")
                .put("tunnel_method", "SSH_KEY_AUTH")
                .put("tunnel_host", "127.0.0.1")
                .put("tunnel_port", 1)
                .put("tunnel_user", "tunnel")
                .put("ssh_key", sshKey);
        add(tasks, names, "check ssh key", () -> check(keyTunnel));
        ObjectNode passwordTunnel = login.config();
        passwordTunnel
                .putObject("tunnel_method")
                .put("tunnel_method", "SSH_PASSWORD_AUTH")
                .put("tunnel_host", "127.0.0.1")
                .put("tunnel_port", 1)
                .put("tunnel_user", "tunnel")
                .put("tunnel_user_password", TUNNEL_PASSWORD);
        add(tasks, names, "write ssh password", () -> write(passwordTunnel));
        // an invalid config (bad port type) that still carries the secrets
        ObjectNode invalid =
                login.config().put("port", "not a port").put("jdbc_url_params", "password=" + URL_PASSWORD);
        add(tasks, names, "check invalid config", () -> check(invalid));

        List<ConnectorRun> runs = runSideBySide(tasks);
        assertThat(runs.get(0).connectionStatus().path("status").asText())
                .as(runs.get(0).stderr())
                .isEqualTo("SUCCEEDED");
        assertThat(runs.get(1).exitCode()).as(runs.get(1).stderr()).isZero();
        for (int i = 2; i < runs.size(); i++) {
            ConnectorRun run = runs.get(i);
            boolean failedCheck = run.ofType("CONNECTION_STATUS").stream()
                    .anyMatch(m ->
                            m.path("connectionStatus").path("status").asText().equals("FAILED"));
            assertThat(failedCheck || !run.errorTraces().isEmpty())
                    .as("%s fails visibly: %s", names.get(i), run.stdout())
                    .isTrue();
        }
        for (int i = 0; i < runs.size(); i++) {
            String output = runs.get(i).stdout() + "\n" + runs.get(i).stderr();
            for (String secret : secrets) {
                assertThat(output)
                        .as("output of '%s' contains a secret", names.get(i))
                        .doesNotContain(secret);
            }
        }
    }

    private static void add(
            List<Callable<ConnectorRun>> tasks, List<String> names, String name, Callable<ConnectorRun> run) {
        tasks.add(run);
        names.add(name);
    }

    /** The connector processes are independent: four at a time (most of their time is JVM start and waits). */
    private static List<ConnectorRun> runSideBySide(List<Callable<ConnectorRun>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<ConnectorRun> runs = new ArrayList<>();
            for (Future<ConnectorRun> run : pool.invokeAll(tasks)) {
                runs.add(run.get());
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConnectorRun check(ObjectNode config) {
        return ConnectorRun.subprocess(List.of(), "check", "--config", ConnectorRun.tempJson(config));
    }

    private static ConnectorRun write(ObjectNode config) throws Exception {
        // the refused and tunnel cases retry connecting: short waits, the same retry log lines
        return WriteProcess.runToEnd(
                config,
                io.heropixel.destination.postgres.protocol.ProtocolJson.mapper().readTree(CATALOG),
                INPUT,
                "-Xmx256m",
                WriteProcess.FAST_CONNECT_RETRY);
    }

    /** The body lines of a PEM key (headers are public). */
    private static List<String> keyLines(String pem) {
        return pem.lines()
                .filter(l -> !l.startsWith("-----") && l.length() >= 16)
                .toList();
    }
}
