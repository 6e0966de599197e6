package io.heropixel.destination.postgres.connection.ssh;

import io.heropixel.destination.postgres.error.ConfigException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Locale;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/** Turns what went wrong while opening a tunnel into a {@link ConfigException} that says what to do. */
final class TunnelFailures {
    private TunnelFailures() {}

    static ConfigException unknownHost(JumpServer server) {
        return new ConfigException("The SSH jump server host name '" + server.host() + "' (tunnel_host) could"
                + " not be resolved. Check the host name, and that it resolves from where the connector runs.");
    }

    /** The TCP connection or the SSH handshake failed. */
    static ConfigException connect(JumpServer server, Throwable failure, Duration timeout) {
        if (has(failure, UnresolvedAddressException.class) || has(failure, UnknownHostException.class)) {
            return unknownHost(server);
        }
        if (has(failure, ConnectException.class) || has(failure, NoRouteToHostException.class)) {
            return new ConfigException("The SSH jump server " + server.address() + " could not be reached ("
                    + rootMessage(server, failure) + "). Check tunnel_host and tunnel_port (usually 22), that the SSH"
                    + " server runs, and that a firewall lets the connector reach it.");
        }
        if (isTimeout(failure)) {
            return timeout(server, timeout, "connecting to");
        }
        return new ConfigException("Could not open an SSH session with the jump server " + server.address() + " ("
                + rootMessage(server, failure) + "). Check tunnel_host and tunnel_port, and that it is an SSH server.");
    }

    static ConfigException timeout(JumpServer server, Duration timeout, String doing) {
        return new ConfigException("Timed out after " + timeout.toSeconds() + " s while " + doing
                + " the SSH jump server " + server.address() + ". Check tunnel_host and tunnel_port (usually"
                + " 22), and that a firewall lets the connector reach the server.");
    }

    static ConfigException hostKeyMismatch(JumpServer server, PublicKey offered) {
        return new ConfigException("The SSH jump server " + server.address() + " presented the "
                + HostKeyPin.type(offered) + " host key " + HostKeyPin.fingerprint(offered)
                + ", which does not match known_host_key " + server.pin().fingerprints()
                + ". The connection was closed before logging in. If the server's key was changed on"
                + " purpose, set known_host_key to \"" + HostKeyPin.openSshLine(offered) + "\" (or to "
                + HostKeyPin.fingerprint(offered) + "); otherwise the connection may be intercepted: ask the"
                + " server's administrator for its real key.");
    }

    static ConfigException authentication(JumpServer server, Throwable failure) {
        String detail = failure == null ? "" : " (" + rootMessage(server, failure) + ")";
        if (server.usesKey()) {
            PublicKey key = server.keys().get(0).getPublic();
            String described = key == null ? "" : " (" + HostKeyPin.type(key) + " " + HostKeyPin.fingerprint(key) + ")";
            return new ConfigException("The SSH jump server " + server.address() + " refused the private key"
                    + described + " for user '" + server.user() + "'" + detail + ". Check tunnel_user and"
                    + " ssh_key, and that the key's public half is in that user's ~/.ssh/authorized_keys on"
                    + " the jump server.");
        }
        return new ConfigException("The SSH jump server " + server.address() + " refused the password for user '"
                + server.user() + "'" + detail + ". Check tunnel_user and tunnel_user_password, and that the"
                + " server allows password logins (PasswordAuthentication in sshd_config).");
    }

    static ConfigException forwarding(JumpServer server, String target, Throwable failure, Duration timeout) {
        SshChannelOpenException open = find(failure, SshChannelOpenException.class);
        if (open != null && open.getReasonCode() == SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED) {
            return new ConfigException("The SSH jump server " + server.address() + " refused to forward"
                    + " connections to the database at " + target + " (" + rootMessage(server, failure) + "). Allow TCP"
                    + " forwarding for user '" + server.user() + "' on the jump server (AllowTcpForwarding and"
                    + " PermitOpen in sshd_config), or check host and port.");
        }
        if (open != null) {
            return new ConfigException("The SSH jump server " + server.address() + " could not connect to"
                    + " the database at " + target + " (" + rootMessage(server, failure) + "). Check host and port:"
                    + " through a tunnel they are resolved and reached from the jump server, so use the"
                    + " database address as the jump server sees it.");
        }
        if (isTimeout(failure)) {
            return timeout(server, timeout, "forwarding through");
        }
        return new ConfigException("Could not forward a local port through the SSH jump server "
                + server.address() + " to the database at " + target + " (" + rootMessage(server, failure)
                + "). Check that the jump server allows TCP forwarding, and host and port.");
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.nio.channels.InterruptedByTimeoutException
                    || (message != null && message.toLowerCase(Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The server answered the login but refused every credential offered. */
    static boolean isAuthenticationRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("authentication")) {
                return true;
            }
        }
        return false;
    }

    static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message, redacted (libraries sometimes quote their input). */
    static String rootMessage(JumpServer server, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return server.secrets()
                .redact(message == null || message.isBlank() ? root.getClass().getSimpleName() : message);
    }
}
