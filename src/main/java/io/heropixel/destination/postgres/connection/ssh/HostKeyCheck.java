package io.heropixel.destination.postgres.connection.ssh;

import static java.util.Objects.requireNonNull;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the jump server's host key against {@code known_host_key}. Without a pin the key is accepted
 * and logged (type and SHA256 fingerprint) so the user can pin it. Remembers the offered key, so a refusal
 * can be explained.
 */
final class HostKeyCheck implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyCheck.class);

    private final HostKeyPin pin;
    private final String server;
    private volatile PublicKey offered;
    private volatile boolean rejected;

    HostKeyCheck(HostKeyPin pin, String server) {
        this.pin = requireNonNull(pin, "pin is null");
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        offered = serverKey;
        if (!pin.pinned()) {
            LOG.warn(
                    "The SSH jump server {} presented the {} host key {}; it is accepted without verification"
                            + " because known_host_key is not set. If this is the server's real key, set"
                            + " known_host_key to \"{}\" (or to the fingerprint) so a different server is"
                            + " refused.",
                    server,
                    HostKeyPin.type(serverKey),
                    HostKeyPin.fingerprint(serverKey),
                    HostKeyPin.openSshLine(serverKey));
            return true;
        }
        if (pin.accepts(serverKey)) {
            LOG.info(
                    "The SSH jump server {} presented the pinned {} host key {}.",
                    server,
                    HostKeyPin.type(serverKey),
                    HostKeyPin.fingerprint(serverKey));
            return true;
        }
        rejected = true;
        return false;
    }

    /** The key the server offered and that did not match the pin. */
    Optional<PublicKey> rejectedKey() {
        return rejected ? Optional.ofNullable(offered) : Optional.empty();
    }

    HostKeyPin pin() {
        return pin;
    }
}
