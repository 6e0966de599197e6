package io.heropixel.destination.postgres.error;

import static java.util.Objects.requireNonNull;

/** Where and as whom the connector logs in, so error messages can name them (never the password). */
public record LoginContext(String host, int port, String database, String username) {
    public static final LoginContext UNKNOWN = new LoginContext("the configured host", 0, "?", "?");

    /** The login of the command this process runs, for errors classified far from the command. */
    private static volatile LoginContext current = UNKNOWN;

    /** The login the running command uses, or {@link #UNKNOWN} before its config is resolved. */
    public static LoginContext current() {
        return current;
    }

    /** Called by a command once its config is resolved (one command runs per process). */
    public static void setCurrent(LoginContext login) {
        current = requireNonNull(login, "login is null");
    }

    public LoginContext {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(username, "username is null");
    }

    public String hostAndPort() {
        return port == 0 ? host : host + ":" + port;
    }
}
