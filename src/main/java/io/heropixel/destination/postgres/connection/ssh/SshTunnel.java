package io.heropixel.destination.postgres.connection.ssh;

import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.error.ConfigException;

/**
 * An open SSH tunnel: a local port forwarded through the jump server to the database. Closing it closes
 * the forwarding and the SSH session.
 */
public final class SshTunnel implements AutoCloseable {
    private final String localHost;
    private final int localPort;

    private SshTunnel(String localHost, int localPort) {
        this.localHost = localHost;
        this.localPort = localPort;
    }

    /**
     * Opens a tunnel to {@code targetHost:targetPort} through the configured jump server. Failures are
     * {@link ConfigException}s with a plain message.
     */
    public static SshTunnel open(TunnelConfig tunnel, String targetHost, int targetPort) {
        throw new ConfigException("SSH tunnels are not supported yet by this version of the connector. "
                + "Set tunnel_method to NO_TUNNEL and connect to the database directly.");
    }

    public String localHost() {
        return localHost;
    }

    public int localPort() {
        return localPort;
    }

    @Override
    public void close() {}
}
