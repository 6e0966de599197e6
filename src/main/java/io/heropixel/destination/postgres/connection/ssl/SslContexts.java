package io.heropixel.destination.postgres.connection.ssl;

import io.heropixel.destination.postgres.config.SslConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the {@link SSLContext} for an {@link SslConfig}: the CA certificate as the only trust anchor
 * for verify-ca and verify-full (no certificate check for the other modes, as in libpq), and the client
 * certificate and key when given. Key stores live in memory only.
 */
public final class SslContexts {
    private SslContexts() {}

    public static SSLContext create(SslConfig config) {
        TrustManager[] trust = config.mode().verifyCertificate()
                ? trustManagers(PemMaterial.certificates(config.caCertificate(), "ssl_mode.ca_certificate"))
                : new TrustManager[] {new TrustAll()};
        KeyManager[] keys = config.clientCertificate().isEmpty() ? null : keyManagers(config);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create the TLS context", e);
        }
    }

    private static TrustManager[] trustManagers(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ConfigException("ssl_mode.ca_certificate could not be used as a trust anchor ("
                    + e.getClass().getSimpleName() + "). Check that it is the CA certificate in PEM form.");
        }
    }

    private static KeyManager[] keyManagers(SslConfig config) {
        List<X509Certificate> chain =
                PemMaterial.certificates(config.clientCertificate(), "ssl_mode.client_certificate");
        PrivateKey key = PemMaterial.privateKey(config.clientKey(), config.clientKeyPassword(), "ssl_mode.client_key");
        char[] storePassword = Long.toString(new SecureRandom().nextLong(), 36).toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, storePassword, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, storePassword);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new ConfigException("ssl_mode.client_certificate and ssl_mode.client_key do not form a usable"
                    + " pair (" + e.getClass().getSimpleName() + "). Check that the key belongs to the certificate.");
        }
    }

    /** Modes allow, prefer and require encrypt without checking the server certificate (as libpq does). */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
