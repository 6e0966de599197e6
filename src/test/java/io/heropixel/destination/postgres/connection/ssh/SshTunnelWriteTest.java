package io.heropixel.destination.postgres.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.testing.TestingSshServer;
import io.heropixel.destination.postgres.testing.TestingSshServerKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code write} through an SSH tunnel, end to end; and the jump server going away in the middle. */
@ExtendWith(TestingPostgres.class)
class SshTunnelWriteTest {
    private static final String PASSWORD = "Write-Tunnel-Pw-9902";

    @Test
    void aFullWriteThroughAKeyTunnelInARealProcess(TestDatabase db) throws Exception {
        KeyPair key = TestingSshServerKeys.generate("ecdsa-sha2-nistp256");
        String keyText = TestingSshServerKeys.pem(key, null);
        try (TestingSshServer server = TestingSshServer.start(PASSWORD).authorize(key.getPublic())) {
            ObjectNode config = SshTunnelCheckTest.throughTunnel(db, server, "SSH_KEY_AUTH");
            ((ObjectNode) config.get("tunnel_method"))
                    .put("ssh_key", keyText)
                    .put("known_host_key", server.hostKeyFingerprint());
            String input = String.join("\n", records(1, 500)) + "\n" + state(1) + "\n" + status("COMPLETE") + "\n";

            ConnectorRun run = ConnectorRun.subprocessWrite(config, catalog(), input);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("\"id\":1");
            assertThat(db.queryValue("SELECT count(*) FROM ns.users")).isEqualTo(500L);
            assertThat(db.queryValue("SELECT sum(id) FROM ns.users").toString()).isEqualTo("125250");
            assertThat(run.stderr()).contains("Opened the SSH tunnel").contains("Closed the SSH tunnel");
            String output = run.stdout() + run.stderr();
            assertThat(output).doesNotContain(PASSWORD);
            for (String line : keyText.split("\n")) {
                if (!line.startsWith("-----")) {
                    assertThat(output).doesNotContain(line);
                }
            }
        }
    }

    @Test
    void aWrongTunnelPasswordFailsTheWriteAsAConfigError(TestDatabase db) {
        try (TestingSshServer server = TestingSshServer.start(PASSWORD)) {
            ObjectNode config = SshTunnelCheckTest.throughTunnel(db, server, "SSH_PASSWORD_AUTH");
            ((ObjectNode) config.get("tunnel_method")).put("tunnel_user_password", "Wrong-Pw-5531");
            RunOutput stdout = new RunOutput();
            String input = String.join("\n", records(1, 3)) + "\n" + state(1) + "\n";
            int exitCode = inProcessWrite(config, new GatedInput(input, "", () -> {}), stdout);

            assertThat(exitCode).isNotZero();
            assertThat(stdout.messages())
                    .filteredOn(m -> m.path("type").asText().equals("TRACE"))
                    .singleElement()
                    .satisfies(trace -> {
                        JsonNode error = trace.path("trace").path("error");
                        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
                        assertThat(error.path("message").asText()).contains("refused the password");
                    });
            assertThat(stdout.messages()).noneMatch(m -> m.path("type").asText().equals("STATE"));
            assertThat(stdout.text()).doesNotContain("Wrong-Pw-5531");
        }
    }

    @Test
    void theJumpServerGoingAwayMidSyncIsATransientErrorAndLosesNothingAcknowledged(TestDatabase db) {
        List<JsonNode> messages = writeWhileTheJumpServerDies(db);

        assertThat(messages.stream().filter(m -> m.path("type").asText().equals("STATE")))
                .extracting(m -> m.path("state").path("id").asInt())
                .containsExactly(1);
        assertThat(messages.stream().filter(m -> m.path("type").asText().equals("TRACE")))
                .singleElement()
                .satisfies(trace -> assertThat(trace.path("trace")
                                .path("error")
                                .path("failure_type")
                                .asText())
                        .as(trace.toString())
                        .isEqualTo("transient_error"));
        // Every record before the echoed state is committed (raw table; typing may not have run).
        assertThat(db.queryValue("SELECT count(*) FROM airbyte_internal.ns_raw__stream_users"
                        + " WHERE (_airbyte_data->>'id')::int <= 200"))
                .isEqualTo(200L);
    }

    /**
     * Writes 200 records and state 1; once state 1 is echoed the jump server dies, then 200 more records
     * and state 2 arrive. Returns the messages written to stdout (the run must fail).
     */
    private static List<JsonNode> writeWhileTheJumpServerDies(TestDatabase db) {
        TestingSshServer server = TestingSshServer.start(PASSWORD);
        ObjectNode config = SshTunnelCheckTest.throughTunnel(db, server, "SSH_PASSWORD_AUTH");
        ((ObjectNode) config.get("tunnel_method")).put("tunnel_user_password", PASSWORD);
        String before = String.join("\n", records(1, 200)) + "\n" + state(1) + "\n";
        String after = String.join("\n", records(201, 400)) + "\n" + state(2) + "\n" + status("COMPLETE") + "\n";
        RunOutput stdout = new RunOutput();
        InputStream stdin = new GatedInput(before, after, () -> {
            stdout.awaitContaining("\"id\":1");
            server.kill();
        });

        int exitCode = inProcessWrite(config, stdin, stdout);

        assertThat(exitCode).as(stdout.text()).isNotZero();
        assertThat(stdout.text()).doesNotContain(PASSWORD);
        return stdout.messages();
    }

    static List<String> records(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(i -> "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"ns\",\"stream\":\"users\","
                        + "\"emitted_at\":1700000000000,\"data\":{\"id\":" + i + ",\"name\":\"user " + i + "\"}}}")
                .toList();
    }

    static String state(int id) {
        return "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{"
                + "\"namespace\":\"ns\",\"name\":\"users\"},\"stream_state\":{\"cursor\":" + id + "}},\"id\":" + id
                + "}}";
    }

    static String status(String status) {
        return "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1.0,\"stream_status\":{"
                + "\"stream_descriptor\":{\"namespace\":\"ns\",\"name\":\"users\"},\"status\":\"" + status + "\"}}}";
    }

    static ObjectNode catalog() {
        ObjectNode catalog = ProtocolJson.mapper().createObjectNode();
        ObjectNode configured = catalog.putArray("streams").addObject();
        ObjectNode stream = configured.putObject("stream");
        stream.put("name", "users").put("namespace", "ns");
        ObjectNode properties =
                stream.putObject("json_schema").put("type", "object").putObject("properties");
        properties.putObject("id").put("type", "integer");
        properties.putObject("name").put("type", "string");
        stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
        configured.put("sync_mode", "incremental");
        configured.put("destination_sync_mode", "append");
        configured.put("generation_id", 1);
        configured.put("minimum_generation_id", 0);
        configured.put("sync_id", 7);
        return catalog;
    }

    private static int inProcessWrite(ObjectNode config, InputStream stdin, RunOutput stdout) {
        return ConnectorRun.execute(
                stdin, stdout, new ByteArrayOutputStream(), ConnectorRun.writeArgs(config, catalog()));
    }
}
