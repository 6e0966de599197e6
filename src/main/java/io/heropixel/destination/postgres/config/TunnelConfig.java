package io.heropixel.destination.postgres.config;

/** How to reach the database: directly, or through an SSH jump server. */
public sealed interface TunnelConfig {

    /** Connect directly to host:port. */
    record NoTunnel() implements TunnelConfig {}

    /**
     * SSH with a private key.
     *
     * @param hostKey the server's public host key or fingerprint to pin, or empty to log it at first use
     */
    record SshKeyTunnel(String host, int port, String user, String privateKey, String hostKey) implements TunnelConfig {
        @Override
        public String toString() {
            return "SshKeyTunnel[host=" + host + ", port=" + port + ", user=" + user + ", privateKey=****]";
        }
    }

    /** SSH with a password. */
    record SshPasswordTunnel(String host, int port, String user, String password, String hostKey)
            implements TunnelConfig {
        @Override
        public String toString() {
            return "SshPasswordTunnel[host=" + host + ", port=" + port + ", user=" + user + ", password=****]";
        }
    }
}
