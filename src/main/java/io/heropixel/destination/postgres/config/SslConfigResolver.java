package io.heropixel.destination.postgres.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code ssl} and {@code ssl_mode}. An explicit {@code ssl_mode} always wins. Without one,
 * {@code ssl: false} means libpq's default {@code prefer}, and {@code ssl} absent or true means
 * {@code require} (as the reference connector does).
 */
final class SslConfigResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SslConfigResolver.class);

    private SslConfigResolver() {}

    static SslConfig resolve(ConfigFields top, Secrets secrets) {
        boolean sslFlagGiven = top.has("ssl");
        boolean ssl = top.bool("ssl", true);
        JsonNode sslModeNode = top.node().get("ssl_mode");
        if (sslModeNode == null || sslModeNode.isNull()) {
            return SslConfig.of(ssl ? SslMode.REQUIRE : SslMode.PREFER);
        }
        if (sslModeNode.isTextual()) {
            return check(SslConfig.of(SslMode.of(sslModeNode.asText().trim())), sslFlagGiven, ssl);
        }
        ConfigFields fields = new ConfigFields(top.object("ssl_mode"), "ssl_mode.");
        SslMode mode = SslMode.of(
                fields.requiredString("mode", "one of disable, allow, prefer, require, verify-ca," + " verify-full"));
        String ca = pem(fields, "ca_certificate");
        String clientCertificate = pem(fields, "client_certificate");
        String clientKey = pem(fields, "client_key");
        String clientKeyPassword = fields.string("client_key_password", "");
        secrets.register(clientKey);
        secrets.register(clientKeyPassword);
        if (mode.verifyCertificate() && ca.isBlank()) {
            throw new ConfigException("ssl_mode '" + mode.value() + "' needs ssl_mode.ca_certificate: paste the PEM"
                    + " text of the certificate authority that signed the server's certificate (or use ssl_mode"
                    + " 'require' to encrypt without verifying the server).");
        }
        if (clientCertificate.isBlank() != clientKey.isBlank()) {
            throw new ConfigException("ssl_mode.client_certificate and ssl_mode.client_key go together: set both"
                    + " (PEM texts) to authenticate with a client certificate, or neither.");
        }
        if (mode == SslMode.DISABLE) {
            ca = "";
            clientCertificate = "";
            clientKey = "";
            clientKeyPassword = "";
        }
        return check(new SslConfig(mode, ca, clientCertificate, clientKey, clientKeyPassword), sslFlagGiven, ssl);
    }

    private static SslConfig check(SslConfig config, boolean sslFlagGiven, boolean ssl) {
        if (sslFlagGiven && !ssl && config.mode().requireEncryption()) {
            LOG.warn(
                    "The config has ssl: false but ssl_mode '{}'; the explicit ssl_mode wins, so the connection"
                            + " is encrypted. Remove 'ssl' or set it to true to silence this warning.",
                    config.mode().value());
        }
        return config;
    }

    /** A PEM text; literal {@code \n} sequences (JSON pasted into a single-line field) become line breaks. */
    static String pem(ConfigFields fields, String field) {
        String text = fields.string(field, "").trim();
        if (text.indexOf('\n') < 0 && text.contains("\\n")) {
            text = text.replace("\\n", "\n");
        }
        return text;
    }
}
