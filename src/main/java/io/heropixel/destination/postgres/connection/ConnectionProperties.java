package io.heropixel.destination.postgres.connection;

import io.heropixel.destination.postgres.config.ConnectorVersion;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.config.SslMode;
import io.heropixel.destination.postgres.connection.ssl.InMemorySslSocketFactory;
import io.heropixel.destination.postgres.connection.ssl.PeerNameVerifier;
import java.util.Map;
import java.util.Properties;

/** The pgJDBC driver properties for a config. */
final class ConnectionProperties {
    static final String APPLICATION_NAME = "heropixel-destination-postgres/" + ConnectorVersion.version();

    private ConnectionProperties() {}

    static Properties build(DestinationConfig config, String sslToken) {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        for (Map.Entry<String, String> param : config.jdbcParams().entrySet()) {
            properties.setProperty(param.getKey(), param.getValue());
        }
        properties.setProperty("connectTimeout", Integer.toString(config.connectTimeoutSeconds()));
        if (config.connectTimeoutSeconds() > 0 && !config.jdbcParams().containsKey("loginTimeout")) {
            // connectTimeout covers the TCP connect only; bound the whole login (TLS, authentication) too
            properties.setProperty("loginTimeout", Integer.toString(config.connectTimeoutSeconds()));
        }
        properties.setProperty("user", config.username());
        if (!config.password().isEmpty()) {
            properties.setProperty("password", config.password());
        }
        if (!config.jdbcParams().containsKey("prepareThreshold")) {
            // no named server-side prepared statements: they outlive the transaction on a transaction
            // pooler's server connection ("prepared statement S_1 already exists"); every statement here
            // runs a few times at most, so this costs nothing measurable
            properties.setProperty("prepareThreshold", "0");
        }
        SslMode mode = config.ssl().mode();
        properties.setProperty("sslmode", mode.value());
        if (sslToken != null) {
            properties.setProperty("sslfactory", InMemorySslSocketFactory.class.getName());
            properties.setProperty(InMemorySslSocketFactory.TOKEN_PROPERTY, sslToken);
        }
        if (mode.verifyPeerName()) {
            properties.setProperty("sslhostnameverifier", PeerNameVerifier.class.getName());
            properties.setProperty(PeerNameVerifier.PEER_NAME_PROPERTY, config.host());
        }
        return properties;
    }
}
