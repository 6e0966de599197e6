package io.heropixel.destination.postgres.connection.ssh;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open SSH tunnel: a local port on 127.0.0.1 forwarded through the jump server to the database.
 * Closing it closes the forwarding, the SSH session and the client's threads; closing twice is harmless.
 *
 * <p>The session sends keep-alive requests every 15 s and has no idle timeout, so the tunnel survives long
 * syncs and long statements; a server that stops answering for about a minute ends the session, and the
 * database connections through it fail (the sync then fails with a transient error).
 */
public final class SshTunnel implements AutoCloseable {
    /** Bound on connecting, logging in and opening the forwarding, each. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(SshTunnel.class);
    private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final String LOCAL_HOST = "127.0.0.1";

    private final String localHost;
    private final int localPort;
    private final SshClient client;
    private final ClientSession session;
    private final String route;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SshTunnel(String localHost, int localPort, SshClient client, ClientSession session, String route) {
        this.localHost = localHost;
        this.localPort = localPort;
        this.client = client;
        this.session = session;
        this.route = route;
    }

    /**
     * Opens a tunnel to {@code targetHost:targetPort} through the configured jump server. Failures are
     * {@link ConfigException}s with a plain message. With {@link TunnelConfig.NoTunnel} the "tunnel" is the
     * target itself and closing it does nothing.
     */
    public static SshTunnel open(TunnelConfig tunnel, String targetHost, int targetPort) {
        return open(tunnel, targetHost, targetPort, TIMEOUT, HEARTBEAT_INTERVAL);
    }

    /** For tests: other bounds, and another keep-alive interval (zero: none). */
    static SshTunnel open(
            TunnelConfig tunnel, String targetHost, int targetPort, Duration timeout, Duration heartbeatInterval) {
        requireNonNull(tunnel, "tunnel is null");
        requireNonNull(targetHost, "targetHost is null");
        if (tunnel instanceof TunnelConfig.NoTunnel) {
            return new SshTunnel(targetHost, targetPort, null, null, "direct");
        }
        JumpServer server = JumpServer.from(tunnel);
        resolve(server);
        HostKeyCheck hostKeyCheck = new HostKeyCheck(server.pin(), server.address());
        SshClient client = newClient(hostKeyCheck, timeout, heartbeatInterval);
        client.start();
        try {
            ClientSession session = connect(client, server, hostKeyCheck, timeout);
            authenticate(session, server, hostKeyCheck, timeout);
            String target = new SshdSocketAddress(targetHost, targetPort).toString();
            SshdSocketAddress bound = forward(session, server, targetHost, targetPort, timeout);
            String route = bound + " -> " + server.user() + "@" + server.address() + " -> " + target;
            SshTunnel opened = new SshTunnel(LOCAL_HOST, bound.getPort(), client, session, route);
            session.addCloseFutureListener(future -> opened.sessionClosed());
            LOG.info("Opened the SSH tunnel {}.", route);
            return opened;
        } catch (RuntimeException | Error e) {
            stop(client);
            throw e;
        }
    }

    public String localHost() {
        return localHost;
    }

    public int localPort() {
        return localPort;
    }

    @Override
    public void close() {
        if (client == null || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // Graceful: lets the last bytes of closed database connections (Terminate) reach the server.
            session.close(false).await(CLOSE_WAIT);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the SSH session failed", e);
        }
        stop(client);
        LOG.info("Closed the SSH tunnel {}.", route);
    }

    private void sessionClosed() {
        if (!closed.get()) {
            LOG.warn(
                    "The SSH session of the tunnel {} ended unexpectedly (the jump server closed it or stopped"
                            + " answering); connections through the tunnel fail until the connector is run again.",
                    route);
        }
    }

    private static SshClient newClient(HostKeyCheck hostKeyCheck, Duration timeout, Duration heartbeatInterval) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKeyCheck);
        // Only the configured credentials: no ~/.ssh/config, no default identities, no agent.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, heartbeatInterval);
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.SOCKET_KEEPALIVE.set(client, true);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, timeout);
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, timeout);
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(client, Duration.ofMinutes(10));
        return client;
    }

    private static void resolve(JumpServer server) {
        try {
            InetAddress.getAllByName(server.host());
        } catch (UnknownHostException e) {
            throw TunnelFailures.unknownHost(server);
        }
    }

    private static ClientSession connect(
            SshClient client, JumpServer server, HostKeyCheck hostKeyCheck, Duration timeout) {
        try {
            return client.connect(server.user(), server.host(), server.port())
                    .verify(timeout)
                    .getSession();
        } catch (IOException | RuntimeException e) {
            if (hostKeyCheck.rejectedKey().isPresent()) {
                throw TunnelFailures.hostKeyMismatch(
                        server, hostKeyCheck.rejectedKey().get());
            }
            throw TunnelFailures.connect(server, e, timeout);
        }
    }

    private static void authenticate(
            ClientSession session, JumpServer server, HostKeyCheck hostKeyCheck, Duration timeout) {
        for (KeyPair key : server.keys()) {
            session.addPublicKeyIdentity(key);
        }
        if (!server.usesKey()) {
            session.addPasswordIdentity(server.password());
        }
        try {
            session.auth().verify(timeout);
        } catch (IOException | RuntimeException e) {
            if (hostKeyCheck.rejectedKey().isPresent()) {
                throw TunnelFailures.hostKeyMismatch(
                        server, hostKeyCheck.rejectedKey().get());
            }
            if (TunnelFailures.isTimeout(e)) {
                throw TunnelFailures.timeout(server, timeout, "logging in to");
            }
            if (!TunnelFailures.isAuthenticationRefusal(e)) {
                throw TunnelFailures.connect(server, e, timeout);
            }
            throw TunnelFailures.authentication(server, e);
        }
    }

    /**
     * Checks once that the server forwards to the target (so a refusal is reported now, plainly, rather
     * than as a closed database connection later), then binds the local port.
     */
    private static SshdSocketAddress forward(
            ClientSession session, JumpServer server, String targetHost, int targetPort, Duration timeout) {
        SshdSocketAddress local = new SshdSocketAddress(LOCAL_HOST, 0);
        SshdSocketAddress remote = new SshdSocketAddress(targetHost, targetPort);
        try {
            ChannelDirectTcpip probe = session.createDirectTcpipChannel(local, remote);
            try {
                probe.open().verify(timeout);
            } finally {
                probe.close(true);
            }
            return session.startLocalPortForwarding(local, remote);
        } catch (IOException | RuntimeException e) {
            throw TunnelFailures.forwarding(server, remote.toString(), e, timeout);
        }
    }

    private static void stop(SshClient client) {
        try {
            client.stop();
        } catch (RuntimeException e) {
            LOG.debug("Stopping the SSH client failed", e);
        }
    }
}
