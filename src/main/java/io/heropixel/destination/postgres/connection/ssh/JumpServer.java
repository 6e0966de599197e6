package io.heropixel.destination.postgres.connection.ssh;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.config.TunnelConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.error.Secrets;
import java.security.KeyPair;
import java.util.List;

/**
 * The SSH server to log in to and how: with key pairs, or with a password (then {@code keys} is empty).
 * Built from the tunnel settings before any network access, so a bad key or pin fails fast. {@code secrets}
 * holds the key's text and the password, masked in every failure message the tunnel builds.
 */
record JumpServer(
        String host, int port, String user, List<KeyPair> keys, String password, HostKeyPin pin, Secrets secrets) {

    JumpServer {
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        keys = List.copyOf(keys);
        requireNonNull(password, "password is null");
        requireNonNull(pin, "pin is null");
        requireNonNull(secrets, "secrets is null");
    }

    static JumpServer from(TunnelConfig tunnel) {
        if (tunnel instanceof TunnelConfig.SshKeyTunnel key) {
            check(key.host(), key.port(), key.user());
            if (key.privateKey().isBlank()) {
                throw new ConfigException("ssh_key is empty. Paste the private key of the SSH user"
                        + " (tunnel_user), including its -----BEGIN ...----- and -----END ...----- lines.");
            }
            return new JumpServer(
                    key.host().trim(),
                    key.port(),
                    key.user().trim(),
                    PrivateKeys.parse(key.privateKey()),
                    "",
                    HostKeyPin.parse(key.hostKey()),
                    Secrets.of(key.privateKey()));
        }
        if (tunnel instanceof TunnelConfig.SshPasswordTunnel password) {
            check(password.host(), password.port(), password.user());
            return new JumpServer(
                    password.host().trim(),
                    password.port(),
                    password.user().trim(),
                    List.of(),
                    password.password(),
                    HostKeyPin.parse(password.hostKey()),
                    Secrets.of(password.password()));
        }
        throw new IllegalArgumentException("not an SSH tunnel: " + tunnel);
    }

    private static void check(String host, int port, String user) {
        if (host.isBlank()) {
            throw new ConfigException("tunnel_host is empty. Set it to the host name or address of the SSH"
                    + " jump server, or set tunnel_method to NO_TUNNEL.");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("tunnel_port " + port + " is not a TCP port. Set it to the SSH port of"
                    + " the jump server (usually 22).");
        }
        if (user.isBlank()) {
            throw new ConfigException(
                    "tunnel_user is empty. Set it to the user name to log in to the SSH" + " jump server with.");
        }
    }

    boolean usesKey() {
        return !keys.isEmpty();
    }

    /** {@code host:port}, for messages. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "JumpServer[" + user + "@" + address() + ", auth=" + (usesKey() ? "key" : "password") + "]";
    }
}
