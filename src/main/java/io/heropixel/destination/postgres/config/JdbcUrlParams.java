package io.heropixel.destination.postgres.config;

import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses {@code jdbc_url_params} ({@code key1=value1&key2=value2}) into driver properties. Keys the
 * connector always sets itself are dropped with a warning; {@code connectTimeout} is taken out and
 * validated (seconds, default 60, 0 = the longest time available).
 */
final class JdbcUrlParams {
    static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 60;

    /**
     * Set by the connector from other config fields, a user value would contradict them; or left unset on
     * purpose (currentSchema: a search path sent at login is refused by PgBouncer).
     */
    static final Set<String> CONNECTOR_KEYS = Set.of(
            "currentschema",
            "user",
            "password",
            "ssl",
            "sslmode",
            "sslfactory",
            "sslfactoryarg",
            "sslrootcert",
            "sslcert",
            "sslkey",
            "sslpassword",
            "sslhostnameverifier");

    private static final Logger LOG = LoggerFactory.getLogger(JdbcUrlParams.class);
    private static final String EXPECTED_FORM =
            "jdbc_url_params must be 'key=value' pairs separated by '&' (example: key1=value1&key2=value2&key3=value3)";

    private final Map<String, String> params;
    private final int connectTimeoutSeconds;

    private JdbcUrlParams(Map<String, String> params, int connectTimeoutSeconds) {
        this.params = params;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    static JdbcUrlParams parse(String text, Secrets secrets) {
        Map<String, String> params = new LinkedHashMap<>();
        int connectTimeout = DEFAULT_CONNECT_TIMEOUT_SECONDS;
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new JdbcUrlParams(params, connectTimeout);
        }
        String[] pairs = trimmed.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i].trim();
            if (pair.isEmpty()) {
                continue; // tolerate "a=1&&b=2" and a trailing '&'
            }
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(EXPECTED_FORM + ". Part " + (i + 1) + " of " + pairs.length
                        + (equals == 0 ? " has no key before '='." : " has no '='.") + " Fix jdbc_url_params.");
            }
            String key = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (key.toLowerCase(Locale.ROOT).contains("password")) {
                secrets.register(value);
            }
            if (key.equalsIgnoreCase("connectTimeout")) {
                connectTimeout = connectTimeout(value);
            } else if (CONNECTOR_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                LOG.warn(
                        "jdbc_url_params: the key '{}' is ignored; the connector sets it from the other config"
                                + " fields (username, password, ssl, ssl_mode), or leaves it unset (currentSchema:"
                                + " every name the connector uses is schema-qualified).",
                        key);
            } else {
                params.put(key, value);
            }
        }
        return new JdbcUrlParams(params, connectTimeout);
    }

    private static int connectTimeout(String value) {
        if (value.matches("\\d{1,9}")) {
            return Integer.parseInt(value);
        }
        throw new ConfigException("jdbc_url_params: connectTimeout must be a whole number of seconds (0 means the"
                + " longest time available), but it is '" + value + "'.");
    }

    Map<String, String> params() {
        return params;
    }

    int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }
}
