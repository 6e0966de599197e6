package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPasswordPostgres;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestingPostgres.class)
class CheckCommandTest {

    static ConnectorRun check(JsonNode config) {
        return ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(config));
    }

    static String uniqueRole() {
        return "hero_"
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                        .toLowerCase(Locale.ROOT);
    }

    @Test
    void succeedsAndLeavesNoTestTableBehind(TestDatabase db) {
        ConnectorRun run = check(db.config());
        assertThat(run.exitCode()).isZero();
        assertThat(run.connectionStatus().path("status").asText())
                .as(run.stderr())
                .isEqualTo("SUCCEEDED");
        assertThat(run.messages()).hasSize(1);
        assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'airbyte_internal'"))
                .isEqualTo(1L);
        assertThat(db.queryValue("SELECT count(*) FROM pg_tables WHERE tablename LIKE '_airbyte_connection_test%'"))
                .isEqualTo(0L);
    }

    @Test
    void passwordUserWithPrivilegesAndCaseSensitiveSchemaList(TestDatabase db) {
        String role = uniqueRole();
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, "Pw-" + role);
        TestingPasswordPostgres.grantConnectorPrivileges(db, role);
        ObjectNode config = user.config().put("schema", "Sales, public").put("raw_data_schema", "Raw_Stuff");
        ConnectorRun run = check(config);
        assertThat(run.connectionStatus().path("status").asText())
                .as(run.stdout() + run.stderr())
                .isEqualTo("SUCCEEDED");
        assertThat(
                        db.query(
                                "SELECT nspname FROM pg_namespace WHERE nspname IN ('Sales', 'Raw_Stuff', 'raw_stuff', 'sales')"))
                .extracting(r -> r.get("nspname"))
                .containsExactlyInAnyOrder("Sales", "raw_stuff");
    }

    @Test
    void wrongPassword(TestDatabase db) {
        String role = uniqueRole();
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, "Right-" + role);
        ConnectorRun run = check(user.config().put("password", "Wrong-secret-" + role));
        assertConfigFailure(run, "rejected the password for user '" + role + "'");
        assertThat(run.stdout() + run.stderr()).doesNotContain("Wrong-secret-" + role);
    }

    @Test
    void unknownUser(TestDatabase db) {
        ConnectorRun run = check(db.config().put("username", "nobody_here").put("password", "whatever-pw"));
        assertConfigFailure(run, "nobody_here");
        assertThat(run.connectionStatus().path("message").asText()).contains("role");
    }

    @Test
    void missingDatabase(TestDatabase db) {
        ConnectorRun run = check(db.config().put("database", "no_such_db"));
        assertConfigFailure(run, "The database 'no_such_db' does not exist");
    }

    @Test
    void refusedPort(TestDatabase db) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectorRun run = check(db.config().put("port", port));
        assertConfigFailure(run, "refused");
        assertThat(run.connectionStatus().path("message").asText()).contains(":" + port);
    }

    @Test
    void silentServerTimesOut(TestDatabase db) throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            ConnectorRun run =
                    check(db.config().put("port", silent.getLocalPort()).put("jdbc_url_params", "connectTimeout=1"));
            assertConfigFailure(run, "timed out");
        }
    }

    @Test
    void unknownHost(TestDatabase db) {
        ConnectorRun run = check(db.config().put("host", "no-such-host.invalid"));
        assertConfigFailure(run, "'no-such-host.invalid' could not be resolved");
    }

    @Test
    void missingPrivilegeNamesTheGrant(TestDatabase db) {
        String role = uniqueRole();
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, "Pw-" + role);
        ConnectorRun run = check(user.config().put("schema", "brand_new_schema"));
        assertConfigFailure(run, "GRANT CREATE ON DATABASE " + db.database() + " TO " + role + ";");
    }

    @Test
    void missingSchemaPrivilegeNamesTheGrant(TestDatabase db) {
        String role = uniqueRole();
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, "Pw-" + role);
        db.execute("CREATE SCHEMA locked", "CREATE SCHEMA airbyte_internal");
        ConnectorRun run = check(user.config().put("schema", "locked"));
        assertConfigFailure(run, "GRANT USAGE, CREATE ON SCHEMA locked TO " + role + ";");
    }

    @Test
    void tunnelNotSupportedYet(TestDatabase db) {
        ObjectNode config = db.config();
        config.putObject("tunnel_method")
                .put("tunnel_method", "SSH_PASSWORD_AUTH")
                .put("tunnel_host", "jump.example.com")
                .put("tunnel_user", "me")
                .put("tunnel_user_password", "tunnel-secret");
        ConnectorRun run = check(config);
        assertConfigFailure(run, "not supported yet");
        assertThat(run.stdout() + run.stderr()).doesNotContain("tunnel-secret");
    }

    @Test
    void badConfigIsAFailedStatus(TestDatabase db) {
        ConnectorRun run = check(db.config().put("port", 70000));
        assertConfigFailure(run, "'port' must be a whole number from 0 to 65535");
        ConnectorRun malformed = check(db.config().put("jdbc_url_params", "oops"));
        assertConfigFailure(malformed, "key1=value1&key2=value2");
    }

    @Test
    void missingOrInvalidConfigFile() {
        ConnectorRun missing = ConnectorRun.inProcess("check", "--config", "/no/such/config.json");
        assertConfigFailure(missing, "does not exist");
        ConnectorRun usage = ConnectorRun.inProcess("check");
        assertThat(usage.exitCode()).isNotZero();
        assertThat(usage.stderr()).contains("--config");
        assertThat(usage.errorTraces()).hasSize(1);
    }

    @Test
    void legacyFlagForm(TestDatabase db) {
        ConnectorRun run = ConnectorRun.inProcess("--check", "--config", ConnectorRun.tempJson(db.config()));
        assertThat(run.connectionStatus().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void helpGoesToStderr() {
        ConnectorRun root = ConnectorRun.inProcess("--help");
        assertThat(root.exitCode()).isZero();
        assertThat(root.stdout()).isEmpty();
        assertThat(root.stderr()).contains("spec", "check", "write", "--strict-encrypt");
        ConnectorRun check = ConnectorRun.inProcess("check", "--help");
        assertThat(check.stdout()).isEmpty();
        assertThat(check.stderr()).contains("--config");
    }

    @Test
    void noSecretInAnyOutputOfAFailingCheckProcess(TestDatabase db) {
        String role = uniqueRole();
        TestDatabase user = TestingPasswordPostgres.createRole(db, role, "Right-" + role);
        String secret = "Sup3r-Secret-" + role;
        ObjectNode config = user.config().put("password", secret).put("jdbc_url_params", "sslpassword=" + secret + "x");
        ConnectorRun run = ConnectorRun.subprocess(List.of(), "check", "--config", ConnectorRun.tempJson(config));
        assertThat(run.exitCode()).isZero();
        assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
        assertThat(run.stdout()).doesNotContain(secret);
        assertThat(run.stderr()).doesNotContain(secret).contains("rejected the password");
    }

    @Test
    void strictEncryptionFromTheEnvironment(TestDatabase db) {
        ConnectorRun run = ConnectorRun.subprocess(
                List.of("DESTINATION_POSTGRES_STRICT_ENCRYPT=true"),
                "check",
                "--config",
                ConnectorRun.tempJson(db.config()));
        assertThat(run.exitCode()).isZero();
        assertThat(run.connectionStatus().path("status").asText()).isEqualTo("FAILED");
        assertThat(run.connectionStatus().path("message").asText()).contains("require, verify-ca, verify-full");
        ConnectorRun flag =
                ConnectorRun.inProcess("check", "--strict-encrypt", "--config", ConnectorRun.tempJson(db.config()));
        assertThat(flag.connectionStatus().path("message").asText()).contains("require, verify-ca, verify-full");
    }

    static void assertConfigFailure(ConnectorRun run, String messageFragment) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode status = run.connectionStatus();
        assertThat(status.path("status").asText()).isEqualTo("FAILED");
        assertThat(status.path("message").asText()).as(run.stderr()).contains(messageFragment);
        assertThat(run.errorTraces()).hasSize(1);
        assertThat(run.errorTraces().get(0).path("failure_type").asText()).isEqualTo("config_error");
        assertThat(run.errorTraces().get(0).path("message").asText())
                .isEqualTo(status.path("message").asText());
    }
}
