package io.heropixel.destination.postgres.error;

import static java.util.Objects.requireNonNull;

/** Where and as whom the connector logs in, so error messages can name them (never the password). */
public record LoginContext(String host, int port, String database, String username) {
    public static final LoginContext UNKNOWN = new LoginContext("the configured host", 0, "?", "?");

    public LoginContext {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(username, "username is null");
    }

    public String hostAndPort() {
        return port == 0 ? host : host + ":" + port;
    }
}
