package io.heropixel.destination.postgres.connection.ssl;

import java.util.Properties;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import org.postgresql.ssl.PGjdbcHostnameVerifier;

/**
 * The {@code sslhostnameverifier} for verify-full: checks the server certificate against the configured
 * host name (property {@value #PEER_NAME_PROPERTY}), not the address actually dialled — through an SSH
 * tunnel that is a local port, while the certificate names the database host.
 */
public final class PeerNameVerifier implements HostnameVerifier {
    public static final String PEER_NAME_PROPERTY = "heropixelSslPeerName";

    private final String peerName;

    /** Called by pgJDBC with the connection properties. */
    public PeerNameVerifier(Properties info) {
        this.peerName = info.getProperty(PEER_NAME_PROPERTY);
    }

    @Override
    public boolean verify(String hostname, SSLSession session) {
        return PGjdbcHostnameVerifier.INSTANCE.verify(peerName == null ? hostname : peerName, session);
    }
}
