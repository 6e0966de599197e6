package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecTest {
    private static final List<String> KEYS = List.of(
            "host",
            "port",
            "database",
            "schema",
            "username",
            "password",
            "ssl",
            "ssl_mode",
            "jdbc_url_params",
            "raw_data_schema",
            "disable_type_dedupe",
            "drop_cascade",
            "unconstrained_number",
            "cdc_deletion_mode",
            "direct_load",
            "tunnel_method",
            "citus_distribution");

    @Test
    void printsExactlyOneSpecMessage() {
        ConnectorRun run = ConnectorRun.inProcess("spec");
        assertThat(run.exitCode()).isZero();
        assertThat(run.messages()).hasSize(1);
        JsonNode spec = run.messages().get(0).path("spec");
        assertThat(run.messages().get(0).path("type").asText()).isEqualTo("SPEC");
        assertThat(spec.path("supportsIncremental").asBoolean()).isTrue();
        assertThat(spec.path("supported_destination_sync_modes").toString())
                .isEqualTo("[\"overwrite\",\"append\",\"append_dedup\"]");
        assertThat(ConnectorRun.inProcess("--spec").messages()).isEqualTo(run.messages());
    }

    @Test
    void documentationAndChangelogLinksPointAtThisRepository() {
        JsonNode spec = ConnectorRun.inProcess("spec").messages().get(0).path("spec");
        String base = "https://github.com/heropixel/destination-postgres/blob/main/";
        for (String field : List.of("documentationUrl", "changelogUrl")) {
            String url = spec.path(field).asText();
            assertThat(url).as(field).startsWith(base);
            assertThat(Path.of(url.substring(base.length()))).as(field).isRegularFile();
        }
    }

    @Test
    void everyKeyIsPresentInOrderAndSecretsAreFlagged() {
        JsonNode properties = properties(ConnectorRun.inProcess("spec"));
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(KEYS);
        for (int i = 0; i < KEYS.size(); i++) {
            assertThat(properties.path(KEYS.get(i)).path("order").asInt())
                    .as(KEYS.get(i))
                    .isEqualTo(i);
            assertThat(properties.path(KEYS.get(i)).path("title").asText())
                    .as(KEYS.get(i))
                    .isNotBlank();
        }
        assertThat(secrets(properties))
                .containsExactlyInAnyOrder(
                        "password",
                        "ssl_mode.require.client_certificate",
                        "ssl_mode.require.client_key",
                        "ssl_mode.require.client_key_password",
                        "ssl_mode.verify-ca.ca_certificate",
                        "ssl_mode.verify-ca.client_certificate",
                        "ssl_mode.verify-ca.client_key",
                        "ssl_mode.verify-ca.client_key_password",
                        "ssl_mode.verify-full.ca_certificate",
                        "ssl_mode.verify-full.client_certificate",
                        "ssl_mode.verify-full.client_key",
                        "ssl_mode.verify-full.client_key_password",
                        "tunnel_method.SSH_KEY_AUTH.ssh_key",
                        "tunnel_method.SSH_PASSWORD_AUTH.tunnel_user_password");
        List<String> modes = new ArrayList<>();
        properties
                .path("ssl_mode")
                .path("oneOf")
                .forEach(v -> modes.add(
                        v.path("properties").path("mode").path("const").asText()));
        assertThat(modes).containsExactly("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
        List<String> methods = new ArrayList<>();
        properties.path("tunnel_method").path("oneOf").forEach(v -> {
            methods.add(v.path("properties").path("tunnel_method").path("const").asText());
            if (!v.path("properties")
                    .path("tunnel_method")
                    .path("const")
                    .asText()
                    .equals("NO_TUNNEL")) {
                assertThat(v.path("properties").has("known_host_key")).isTrue();
            }
        });
        assertThat(methods).containsExactly("NO_TUNNEL", "SSH_KEY_AUTH", "SSH_PASSWORD_AUTH");
    }

    @Test
    void specDefaultsAreTheResolverDefaults() {
        JsonNode properties = properties(ConnectorRun.inProcess("spec"));
        ObjectNode config =
                ProtocolJson.mapper().createObjectNode().put("host", "h").put("username", "u");
        DestinationConfig absent = ConfigResolver.resolve(config, false);
        ObjectNode withSpecDefaults = config.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().has("default") && !field.getKey().equals("ssl")) {
                withSpecDefaults.set(field.getKey(), field.getValue().get("default"));
            }
        }
        assertThat(ConfigResolver.resolve(withSpecDefaults, false)).isEqualTo(absent);
        assertThat(properties.path("port").path("default").asInt()).isEqualTo(ConfigResolver.DEFAULT_PORT);
        assertThat(properties.path("schema").path("default").asText()).isEqualTo(ConfigResolver.DEFAULT_SCHEMA);
        assertThat(properties.path("raw_data_schema").path("default").asText())
                .isEqualTo(ConfigResolver.DEFAULT_RAW_SCHEMA);
        assertThat(properties.path("unconstrained_number").path("default").asBoolean())
                .isEqualTo(ConfigResolver.DEFAULT_UNCONSTRAINED_NUMBER)
                .isTrue();
        assertThat(properties.path("cdc_deletion_mode").path("default").asText())
                .isEqualTo(ConfigResolver.DEFAULT_CDC_DELETION_MODE.value())
                .isEqualTo("Hard delete");
        assertThat(properties.path("cdc_deletion_mode").path("enum").toString())
                .isEqualTo("[\"Hard delete\",\"Soft delete\"]");
        assertThat(properties.path("direct_load").path("default").asBoolean())
                .isEqualTo(ConfigResolver.DEFAULT_DIRECT_LOAD)
                .isFalse();
        assertThat(properties.path("citus_distribution").path("default").asText())
                .isEqualTo(ConfigResolver.DEFAULT_CITUS_DISTRIBUTION.value())
                .isEqualTo("auto");
        assertThat(properties.path("citus_distribution").path("enum").toString())
                .isEqualTo("[\"auto\",\"off\"]");
        // the ssl switch defaults to false in the UI (ssl_mode decides); absent means SSL on, as in the reference
        assertThat(properties.path("ssl").path("default").asBoolean()).isFalse();
        JsonNode sshPort = properties
                .path("tunnel_method")
                .path("oneOf")
                .get(1)
                .path("properties")
                .path("tunnel_port");
        ObjectNode tunnel = config.deepCopy();
        tunnel.putObject("tunnel_method")
                .put("tunnel_method", "SSH_PASSWORD_AUTH")
                .put("tunnel_host", "j")
                .put("tunnel_user", "u")
                .put("tunnel_user_password", "pw1");
        assertThat(((TunnelConfig.SshPasswordTunnel)
                                ConfigResolver.resolve(tunnel, false).tunnel())
                        .port())
                .isEqualTo(sshPort.path("default").asInt());
    }

    @Test
    void strictModeHidesTheSslSwitch() {
        assertThat(properties(ConnectorRun.inProcess("--strict-encrypt", "spec"))
                        .has("ssl"))
                .isFalse();
        assertThat(properties(ConnectorRun.inProcess("spec", "--strict-encrypt"))
                        .has("ssl"))
                .isFalse();
        assertThat(properties(ConnectorRun.inProcess("spec")).has("ssl")).isTrue();
    }

    private static JsonNode properties(ConnectorRun run) {
        return run.messages()
                .get(0)
                .path("spec")
                .path("connectionSpecification")
                .path("properties");
    }

    private static List<String> secrets(JsonNode properties) {
        List<String> secrets = new ArrayList<>();
        properties.fields().forEachRemaining(field -> {
            if (field.getValue().path("airbyte_secret").asBoolean()) {
                secrets.add(field.getKey());
            }
            for (JsonNode variant : field.getValue().path("oneOf")) {
                String variantName = variant.path("properties")
                        .path(field.getKey().equals("ssl_mode") ? "mode" : "tunnel_method")
                        .path("const")
                        .asText();
                variant.path("properties").fields().forEachRemaining(inner -> {
                    if (inner.getValue().path("airbyte_secret").asBoolean()) {
                        secrets.add(field.getKey() + "." + variantName + "." + inner.getKey());
                    }
                });
            }
        });
        return secrets;
    }
}
