package io.heropixel.destination.postgres.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * An in-process SSH server (Apache MINA SSHD) on 127.0.0.1 and an OS-chosen port, for tunnel tests. One
 * user; password and public-key logins; TCP forwarding allowed unless built with {@code forwarding=false}.
 * Use in try-with-resources.
 */
public final class TestingSshServer implements AutoCloseable {
    public static final String USER = "tunnel";

    private final SshServer server;
    private final KeyPair hostKey;
    private final List<PublicKey> authorizedKeys;

    private TestingSshServer(SshServer server, KeyPair hostKey, List<PublicKey> authorizedKeys) {
        this.server = server;
        this.hostKey = hostKey;
        this.authorizedKeys = authorizedKeys;
    }

    /** A server accepting {@code password} for {@link #USER} and the public keys given to {@link #authorize}. */
    public static TestingSshServer start(String password) {
        return start(password, true);
    }

    /** A server that only offers keyboard-interactive logins (the password is the answer). */
    public static TestingSshServer startKeyboardInteractiveOnly(String password) {
        TestingSshServer started = start(password, true);
        started.server.setUserAuthFactories(List.of(new UserAuthKeyboardInteractiveFactory()));
        return started;
    }

    public static TestingSshServer start(String password, boolean forwarding) {
        KeyPair hostKey = TestingSshServerKeys.generate("ssh-ed25519");
        List<PublicKey> authorized = new CopyOnWriteArrayList<>();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, offered, session) -> USER.equals(user) && password.equals(offered));
        server.setPublickeyAuthenticator((user, offered, session) ->
                USER.equals(user) && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, offered)));
        server.setForwardingFilter(
                forwarding ? AcceptAllForwardingFilter.INSTANCE : RejectAllForwardingFilter.INSTANCE);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the test SSH server", e);
        }
        return new TestingSshServer(server, hostKey, authorized);
    }

    /** Closes sessions that send nothing for this long (as firewalls and NAT gateways do). */
    public TestingSshServer idleTimeout(Duration timeout) {
        CoreModuleProperties.IDLE_TIMEOUT.set(server, timeout);
        return this;
    }

    public TestingSshServer authorize(PublicKey key) {
        authorizedKeys.add(key);
        return this;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    /** The host key as one OpenSSH line ({@code ssh-ed25519 AAAA...}). */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** The host key's fingerprint ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    /** Number of sessions currently open on the server. */
    public int activeSessions() {
        return server.getActiveSessions().size();
    }

    /** Stops the server at once, closing every session (the "jump host went away" case). */
    public void kill() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
