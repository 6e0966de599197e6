package io.heropixel.destination.postgres.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the user's config JSON (the keys of Airbyte destination-postgres) into a validated
 * {@link DestinationConfig}. Every default is applied here; a bad value is a {@link ConfigException}
 * that names the field and what is allowed (values are refused, never clamped). Every secret is
 * registered with the run's {@link Secrets} before anything can fail.
 */
public final class ConfigResolver {
    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_SCHEMA = "public";
    public static final String DEFAULT_RAW_SCHEMA = "airbyte_internal";
    public static final boolean DEFAULT_DISABLE_TYPE_DEDUPE = false;
    public static final boolean DEFAULT_DROP_CASCADE = false;
    public static final boolean DEFAULT_UNCONSTRAINED_NUMBER = true;
    public static final CdcDeletionMode DEFAULT_CDC_DELETION_MODE = CdcDeletionMode.HARD_DELETE;
    public static final boolean DEFAULT_DIRECT_LOAD = false;
    public static final CitusDistribution DEFAULT_CITUS_DISTRIBUTION = CitusDistribution.AUTO;

    private ConfigResolver() {}

    /** Resolves without strict encryption, the secrets kept nowhere (tools and tests that print nothing). */
    public static DestinationConfig resolve(JsonNode config) {
        return resolve(config, false);
    }

    /** As {@link #resolve(JsonNode, boolean, Secrets)}, the secrets kept nowhere. */
    public static DestinationConfig resolve(JsonNode config, boolean strictEncryption) {
        return resolve(config, strictEncryption, new Secrets());
    }

    /**
     * @param strictEncryption refuse connections that are neither encrypted nor tunnelled
     * @param secrets where every secret of the config is registered (the run's, so nothing prints them)
     */
    public static DestinationConfig resolve(JsonNode config, boolean strictEncryption, Secrets secrets) {
        if (config == null || !config.isObject()) {
            throw new ConfigException("The config must be a JSON object with at least host, port, username and"
                    + " database (see the spec command for every key).");
        }
        ConfigFields fields = new ConfigFields(config, "");
        registerSecrets(fields, secrets);
        String host = fields.requiredString("host", "the host name or IP address of the Postgres server");
        int port = fields.integer("port", DEFAULT_PORT, 0, 65535);
        String username = fields.requiredString("username", "the Postgres user (role) the connector logs in as");
        String password = fields.string("password", "");
        String database = fields.string("database", "").trim();
        if (database.isEmpty()) {
            database = username;
        }
        List<String> schemas = schemas(fields.string("schema", DEFAULT_SCHEMA));
        SslConfig ssl = SslConfigResolver.resolve(fields, secrets);
        JdbcUrlParams params = JdbcUrlParams.parse(fields.string("jdbc_url_params", ""), secrets);
        String rawSchema = fields.string("raw_data_schema", "").trim();
        if (rawSchema.isEmpty()) {
            rawSchema = DEFAULT_RAW_SCHEMA;
        }
        TunnelConfig tunnel = TunnelConfigResolver.resolve(fields, secrets);
        if (strictEncryption) {
            checkStrictEncryption(ssl, tunnel);
        }
        boolean disableTypeDedupe = fields.bool("disable_type_dedupe", DEFAULT_DISABLE_TYPE_DEDUPE);
        boolean directLoad = fields.bool("direct_load", DEFAULT_DIRECT_LOAD);
        if (directLoad && disableTypeDedupe) {
            throw new ConfigException("The config fields 'direct_load' and 'disable_type_dedupe' are both true, but"
                    + " they contradict each other: direct_load writes records only to the typed final tables,"
                    + " disable_type_dedupe only to the raw tables. Set one of them to false.");
        }
        return new DestinationConfig(
                host,
                port,
                database,
                schemas,
                username,
                password,
                ssl,
                params.params(),
                params.connectTimeoutSeconds(),
                rawSchema,
                disableTypeDedupe,
                fields.bool("drop_cascade", DEFAULT_DROP_CASCADE),
                fields.bool("unconstrained_number", DEFAULT_UNCONSTRAINED_NUMBER),
                CdcDeletionMode.of(fields.string("cdc_deletion_mode", DEFAULT_CDC_DELETION_MODE.value())),
                directLoad,
                tunnel,
                CitusDistribution.of(fields.string("citus_distribution", DEFAULT_CITUS_DISTRIBUTION.value())));
    }

    /** Registers the top-level password early, so even a failure further down never shows it. */
    private static void registerSecrets(ConfigFields fields, Secrets secrets) {
        JsonNode password = fields.node().get("password");
        if (password != null && password.isValueNode()) {
            secrets.register(password.asText());
        }
    }

    /** {@code schema}: a comma-separated list, trimmed, case preserved; the first is the default namespace. */
    static List<String> schemas(String text) {
        if (text.isBlank()) {
            return List.of(DEFAULT_SCHEMA);
        }
        List<String> schemas = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String schema = part.trim();
            if (schema.isEmpty()) {
                throw new ConfigException("The config field 'schema' has an empty name in its list '" + text
                        + "'. Give one schema name, or several separated by commas (the first is where streams"
                        + " without a namespace go), for example: public or analytics,public.");
            }
            if (schema.indexOf('\0') >= 0) {
                throw new ConfigException("The config field 'schema' contains a NUL character; remove it.");
            }
            if (!schemas.contains(schema)) {
                schemas.add(schema);
            }
        }
        return schemas;
    }

    static void checkStrictEncryption(SslConfig ssl, TunnelConfig tunnel) {
        if (tunnel instanceof TunnelConfig.NoTunnel && !ssl.mode().requireEncryption()) {
            throw new ConfigException("Unsecured connection not allowed. If no SSH Tunnel set up, please use one of"
                    + " the following SSL modes: require, verify-ca, verify-full. (Strict encryption mode is on,"
                    + " so ssl_mode '" + ssl.mode().value() + "' is refused; set ssl_mode to one of those modes"
                    + " or connect through an SSH tunnel.)");
        }
    }
}
