package io.heropixel.destination.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) ProtocolJson.mapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode minimal() {
        return json("{'host':'db.example.com','username':'hero_user'}");
    }

    /** The secrets the config resolved by {@link #resolving} registered (one set per test). */
    private final Secrets secrets = new Secrets();

    static DestinationConfig resolve(JsonNode config) {
        return ConfigResolver.resolve(config, false);
    }

    private DestinationConfig resolving(JsonNode config) {
        return ConfigResolver.resolve(config, false, secrets);
    }

    @Test
    void appliesEveryDefault() {
        DestinationConfig config = resolve(minimal());
        assertThat(config.host()).isEqualTo("db.example.com");
        assertThat(config.port()).isEqualTo(5432);
        assertThat(config.database()).isEqualTo("hero_user");
        assertThat(config.schemas()).containsExactly("public");
        assertThat(config.defaultSchema()).isEqualTo("public");
        assertThat(config.username()).isEqualTo("hero_user");
        assertThat(config.password()).isEmpty();
        assertThat(config.ssl()).isEqualTo(SslConfig.of(SslMode.REQUIRE));
        assertThat(config.jdbcParams()).isEmpty();
        assertThat(config.connectTimeoutSeconds()).isEqualTo(60);
        assertThat(config.rawSchema()).isEqualTo("airbyte_internal");
        assertThat(config.disableTypeDedupe()).isFalse();
        assertThat(config.dropCascade()).isFalse();
        assertThat(config.unconstrainedNumber()).isTrue();
        assertThat(config.cdcDeletionMode()).isEqualTo(CdcDeletionMode.HARD_DELETE);
        assertThat(config.directLoad()).isFalse();
        assertThat(config.tunnel()).isEqualTo(new TunnelConfig.NoTunnel());
        assertThat(config.citusDistribution()).isEqualTo(CitusDistribution.AUTO);
    }

    @Test
    void citusDistributionIsAutoOrOff() {
        assertThat(resolve(minimal().put("citus_distribution", "off")).citusDistribution())
                .isEqualTo(CitusDistribution.OFF);
        assertThat(resolve(minimal().put("citus_distribution", " AUTO ")).citusDistribution())
                .isEqualTo(CitusDistribution.AUTO);
        assertThat(resolve(minimal().putNull("citus_distribution")).citusDistribution())
                .isEqualTo(CitusDistribution.AUTO);
        assertThat(CitusDistribution.OFF.distributes()).isFalse();
        assertThatThrownBy(() -> resolve(minimal().put("citus_distribution", "on")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'citus_distribution'")
                .hasMessageContaining("'on'")
                .hasMessageContaining("\"auto\"")
                .hasMessageContaining("\"off\"");
    }

    @Test
    void directLoadIsABooleanThatContradictsDisableTypeDedupe() {
        assertThat(resolve(minimal().put("direct_load", true)).directLoad()).isTrue();
        assertThat(resolve(minimal().put("direct_load", false).put("disable_type_dedupe", true))
                        .disableTypeDedupe())
                .isTrue();
        assertThatThrownBy(() -> resolve(minimal().put("direct_load", true).put("disable_type_dedupe", true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'direct_load'")
                .hasMessageContaining("'disable_type_dedupe'")
                .hasMessageContaining("Set one of them to false");
        assertThatThrownBy(() -> resolve(minimal().put("direct_load", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'direct_load'");
    }

    @Test
    void cdcDeletionModeTakesAirbytesTwoValues() {
        assertThat(resolve(minimal().put("cdc_deletion_mode", "Hard delete")).cdcDeletionMode())
                .isEqualTo(CdcDeletionMode.HARD_DELETE);
        assertThat(resolve(minimal().put("cdc_deletion_mode", "Soft delete")).cdcDeletionMode())
                .isEqualTo(CdcDeletionMode.SOFT_DELETE);
        assertThat(resolve(minimal().put("cdc_deletion_mode", " soft DELETE ")).cdcDeletionMode())
                .isEqualTo(CdcDeletionMode.SOFT_DELETE);
        assertThat(resolve(minimal().putNull("cdc_deletion_mode")).cdcDeletionMode())
                .isEqualTo(CdcDeletionMode.HARD_DELETE);
        assertThatThrownBy(() -> resolve(minimal().put("cdc_deletion_mode", "soft")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cdc_deletion_mode'")
                .hasMessageContaining("'soft'")
                .hasMessageContaining("\"Hard delete\", \"Soft delete\"")
                .hasMessageContaining("leave it out");
        assertThatThrownBy(() -> resolve(minimal().set("cdc_deletion_mode", json("{'a':1}"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'cdc_deletion_mode' must be a string");
    }

    @Test
    void mapsEveryKey() {
        DestinationConfig config =
                resolving(json("{'host':' h ','port':6543,'database':'mydb','schema':'Sales, public',"
                        + "'username':'u','password':'pw-secret-1','ssl':true,'ssl_mode':{'mode':'verify-full',"
                        + "'ca_certificate':'CA','client_certificate':'CERT','client_key':'KEY-long-enough',"
                        + "'client_key_password':'kp-secret'},'jdbc_url_params':'prepareThreshold=0&connectTimeout=5',"
                        + "'raw_data_schema':'raw','disable_type_dedupe':true,'drop_cascade':true,"
                        + "'unconstrained_number':false,'cdc_deletion_mode':'Soft delete','tunnel_method':{'tunnel_method':'SSH_KEY_AUTH','tunnel_host':'jump',"
                        + "'tunnel_port':2222,'tunnel_user':'me','ssh_key':'KEYTEXT-abc','known_host_key':'SHA256:abc'},"
                        + "'citus_distribution':'off'}"));
        assertThat(config.host()).isEqualTo("h");
        assertThat(config.port()).isEqualTo(6543);
        assertThat(config.database()).isEqualTo("mydb");
        assertThat(config.schemas()).containsExactly("Sales", "public");
        assertThat(config.defaultSchema()).isEqualTo("Sales");
        assertThat(config.password()).isEqualTo("pw-secret-1");
        assertThat(config.ssl())
                .isEqualTo(new SslConfig(SslMode.VERIFY_FULL, "CA", "CERT", "KEY-long-enough", "kp-secret"));
        assertThat(config.jdbcParams()).isEqualTo(Map.of("prepareThreshold", "0"));
        assertThat(config.connectTimeoutSeconds()).isEqualTo(5);
        assertThat(config.rawSchema()).isEqualTo("raw");
        assertThat(config.disableTypeDedupe()).isTrue();
        assertThat(config.dropCascade()).isTrue();
        assertThat(config.unconstrainedNumber()).isFalse();
        assertThat(config.cdcDeletionMode()).isEqualTo(CdcDeletionMode.SOFT_DELETE);
        assertThat(config.citusDistribution()).isEqualTo(CitusDistribution.OFF);
        assertThat(config.tunnel())
                .isEqualTo(new TunnelConfig.SshKeyTunnel("jump", 2222, "me", "KEYTEXT-abc", "SHA256:abc"));
        assertThat(secrets.redact("x pw-secret-1 KEY-long-enough kp-secret KEYTEXT-abc"))
                .doesNotContain("pw-secret-1", "KEY-long-enough", "kp-secret", "KEYTEXT-abc");
        assertThat(config.toString()).doesNotContain("pw-secret-1", "KEY-long-enough", "kp-secret", "KEYTEXT-abc");
    }

    @Test
    void passwordTunnelAndDefaults() {
        ObjectNode node = minimal();
        node.set(
                "tunnel_method",
                json("{'tunnel_method':'SSH_PASSWORD_AUTH','tunnel_host':'jump','tunnel_user':'me',"
                        + "'tunnel_user_password':'tunnel-pw'}"));
        assertThat(resolving(node).tunnel())
                .isEqualTo(new TunnelConfig.SshPasswordTunnel("jump", 22, "me", "tunnel-pw", ""));
        assertThat(secrets.redact("tunnel-pw")).doesNotContain("tunnel-pw");
        node.set("tunnel_method", json("{'tunnel_method':'NO_TUNNEL'}"));
        assertThat(resolve(node).tunnel()).isEqualTo(new TunnelConfig.NoTunnel());
    }

    @Test
    void databaseDefaultsToUsernameAlsoWhenEmpty() {
        assertThat(resolve(minimal().put("database", "")).database()).isEqualTo("hero_user");
    }

    @Test
    void portAcceptsDigitsAsTextAndTheWholeRange() {
        assertThat(resolve(minimal().put("port", "5433")).port()).isEqualTo(5433);
        assertThat(resolve(minimal().put("port", 0)).port()).isZero();
        assertThat(resolve(minimal().put("port", 65535)).port()).isEqualTo(65535);
    }

    @Test
    void schemaListIsTrimmedCaseSensitiveAndDeduplicated() {
        assertThat(resolve(minimal().put("schema", " A ,b,  A")).schemas()).containsExactly("A", "b");
        assertThat(resolve(minimal().put("schema", "")).schemas()).containsExactly("public");
        assertThatThrownBy(() -> resolve(minimal().put("schema", "a,,b")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'schema'")
                .hasMessageContaining("separated by commas");
    }

    @Test
    void rawSchemaEmptyMeansDefault() {
        assertThat(resolve(minimal().put("raw_data_schema", " ")).rawSchema()).isEqualTo("airbyte_internal");
    }

    @Test
    void refusesBadValuesNamingTheField() {
        assertBad(json("{'username':'u'}"), "'host'", "missing");
        assertBad(json("{'host':'h'}"), "'username'", "missing");
        assertBad(minimal().put("port", 65536), "'port'", "from 0 to 65535");
        assertBad(minimal().put("port", -1), "'port'", "from 0 to 65535");
        assertBad(minimal().put("port", 5432.5), "'port'", "whole number");
        assertBad(minimal().put("port", "abc"), "'port'", "whole number");
        assertBad(minimal().put("ssl", "yes"), "'ssl'", "true or false");
        assertBad(minimal().put("drop_cascade", 1), "'drop_cascade'", "true or false");
        assertBad(minimal().put("disable_type_dedupe", "no"), "'disable_type_dedupe'", "true or false");
        assertBad(minimal().put("unconstrained_number", "x"), "'unconstrained_number'", "true or false");
        ObjectNode badHost = minimal();
        badHost.putArray("host");
        assertBad(badHost, "'host'", "must be a string");
        assertBad(with("ssl_mode", "{'mode':'sometimes'}"), "sometimes", "verify-full");
        assertBad(with("ssl_mode", "{}"), "'ssl_mode.mode'", "verify-full");
        assertBad(with("ssl_mode", "{'mode':'verify-ca'}"), "ca_certificate", "PEM");
        assertBad(
                with("ssl_mode", "{'mode':'verify-full','ca_certificate':'x','client_key':'k'}"),
                "client_certificate",
                "both");
        assertBad(with("tunnel_method", "{'tunnel_method':'TELEPORT'}"), "TELEPORT", "SSH_KEY_AUTH");
        assertBad(
                with("tunnel_method", "{'tunnel_method':'SSH_KEY_AUTH','tunnel_host':'j','tunnel_user':'u'}"),
                "'tunnel_method.ssh_key'",
                "missing");
        assertBad(
                with("tunnel_method", "{'tunnel_method':'SSH_KEY_AUTH','tunnel_user':'u','ssh_key':'k'}"),
                "'tunnel_method.tunnel_host'",
                "missing");
        assertBad(
                with("tunnel_method", "{'tunnel_method':'SSH_PASSWORD_AUTH','tunnel_host':'j','tunnel_user':'u'}"),
                "'tunnel_method.tunnel_user_password'",
                "missing");
        assertBad(
                with(
                        "tunnel_method",
                        "{'tunnel_method':'SSH_PASSWORD_AUTH','tunnel_host':'j','tunnel_user':'u',"
                                + "'tunnel_user_password':'p','tunnel_port':70000}"),
                "'tunnel_method.tunnel_port'",
                "65535");
        assertBad(minimal().put("tunnel_method", "SSH"), "'tunnel_method'", "object");
        assertThatThrownBy(() -> resolve(ProtocolJson.mapper().createArrayNode()))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void sslModeRules() {
        assertThat(resolve(minimal().put("ssl", false)).ssl().mode()).isEqualTo(SslMode.PREFER);
        assertThat(resolve(minimal().put("ssl", true)).ssl().mode()).isEqualTo(SslMode.REQUIRE);
        // an explicit ssl_mode wins over the ssl flag
        assertThat(resolve(with("ssl_mode", "{'mode':'require'}").put("ssl", false))
                        .ssl()
                        .mode())
                .isEqualTo(SslMode.REQUIRE);
        assertThat(resolve(with("ssl_mode", "{'mode':'disable'}")).ssl()).isEqualTo(SslConfig.of(SslMode.DISABLE));
        for (SslMode mode : SslMode.values()) {
            ObjectNode node = with("ssl_mode", "{'mode':'" + mode.value() + "','ca_certificate':'C'}");
            assertThat(resolve(node).ssl().mode()).isEqualTo(mode);
        }
        // verify-ca: client certificate optional; literal \n become line breaks
        SslConfig ssl = resolve(
                        with("ssl_mode", "{'mode':'verify-ca','ca_certificate':'-----BEGIN\\\\nX\\\\n-----END'}"))
                .ssl();
        assertThat(ssl.caCertificate()).isEqualTo("-----BEGIN\nX\n-----END");
        assertThat(ssl.clientCertificate()).isEmpty();
    }

    @Test
    void jdbcUrlParamsRules() {
        DestinationConfig config = resolving(minimal()
                .put(
                        "jdbc_url_params",
                        "a=1&currentSchema=x&user=bob&password=jdbc-secret&ssl=true&sslmode=disable" + "&b=x=y&&"));
        assertThat(config.jdbcParams()).isEqualTo(Map.of("a", "1", "b", "x=y"));
        assertThat(secrets.redact("jdbc-secret")).doesNotContain("jdbc-secret");
        assertThat(resolve(minimal().put("jdbc_url_params", "connectTimeout=0")).connectTimeoutSeconds())
                .isZero();
        assertThat(resolve(minimal().put("jdbc_url_params", "  ")).jdbcParams()).isEmpty();
        assertBad(minimal().put("jdbc_url_params", "a=1&oops"), "key1=value1&key2=value2", "Part 2 of 2");
        assertBad(minimal().put("jdbc_url_params", "=1"), "key1=value1", "no key");
        assertBad(minimal().put("jdbc_url_params", "connectTimeout=-1"), "connectTimeout", "whole number");
        assertBad(minimal().put("jdbc_url_params", "connectTimeout=ten"), "connectTimeout", "seconds");
    }

    @Test
    void ignoredJdbcKeysAreLoggedAsWarnings() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream previous = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            resolve(minimal().put("jdbc_url_params", "currentSchema=x&password=pw-in-params-1"));
        } finally {
            System.setErr(previous);
        }
        String log = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).contains("WARN", "'currentSchema' is ignored", "'password' is ignored");
        assertThat(log).doesNotContain("pw-in-params-1");
    }

    @Test
    void jdbcUrlParamsErrorNeverShowsTheValueText() {
        assertThatThrownBy(() -> resolve(minimal().put("jdbc_url_params", "a=1&hunter2-secret")))
                .isInstanceOf(ConfigException.class)
                .message()
                .doesNotContain("hunter2-secret");
    }

    @Test
    void strictEncryptionRefusesUnencryptedModesWithoutTunnel() {
        for (String mode : List.of("disable", "allow", "prefer")) {
            ObjectNode node = with("ssl_mode", "{'mode':'" + mode + "'}");
            assertThatThrownBy(() -> ConfigResolver.resolve(node, true))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("require, verify-ca, verify-full")
                    .hasMessageContaining("'" + mode + "'");
            assertThat(resolve(node).ssl().mode().value()).isEqualTo(mode);
        }
        assertThatThrownBy(() -> ConfigResolver.resolve(minimal().put("ssl", false), true))
                .isInstanceOf(ConfigException.class);
        assertThat(ConfigResolver.resolve(with("ssl_mode", "{'mode':'require'}"), true)
                        .ssl()
                        .mode())
                .isEqualTo(SslMode.REQUIRE);
        assertThat(ConfigResolver.resolve(minimal(), true).ssl().mode()).isEqualTo(SslMode.REQUIRE);
        ObjectNode tunnelled = with("ssl_mode", "{'mode':'disable'}");
        tunnelled.set(
                "tunnel_method",
                json("{'tunnel_method':'SSH_PASSWORD_AUTH','tunnel_host':'j',"
                        + "'tunnel_user':'u','tunnel_user_password':'pw1'}"));
        assertThat(ConfigResolver.resolve(tunnelled, true).ssl().mode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void strictEncryptionFlag() {
        assertThat(StrictEncryption.enabled(true)).isTrue();
        assertThatThrownBy(() -> ConfigResolver.resolve(
                        with("ssl_mode", "{'mode':'disable'}"), StrictEncryption.enabled(true), secrets))
                .isInstanceOf(ConfigException.class);
    }

    private static ObjectNode with(String field, String json) {
        ObjectNode node = minimal();
        node.set(field, json(json));
        return node;
    }

    private static void assertBad(JsonNode config, String... fragments) {
        assertThatThrownBy(() -> resolve(config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}
