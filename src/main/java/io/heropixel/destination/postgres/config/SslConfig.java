package io.heropixel.destination.postgres.config;

import static java.util.Objects.requireNonNull;

/**
 * The SSL settings. PEM texts are kept in memory only; an absent value is the empty string.
 *
 * @param mode the libpq SSL mode
 * @param caCertificate PEM of the CA certificate(s) (verify-ca, verify-full)
 * @param clientCertificate PEM of the client certificate, or empty
 * @param clientKey PEM of the client key (PKCS#1 or PKCS#8, possibly encrypted), or empty
 * @param clientKeyPassword password of an encrypted client key, or empty
 */
public record SslConfig(
        SslMode mode, String caCertificate, String clientCertificate, String clientKey, String clientKeyPassword) {
    public SslConfig {
        requireNonNull(mode, "mode is null");
        requireNonNull(caCertificate, "caCertificate is null");
        requireNonNull(clientCertificate, "clientCertificate is null");
        requireNonNull(clientKey, "clientKey is null");
        requireNonNull(clientKeyPassword, "clientKeyPassword is null");
    }

    public static SslConfig of(SslMode mode) {
        return new SslConfig(mode, "", "", "", "");
    }

    @Override
    public String toString() {
        return "SslConfig[mode=" + mode.value() + ", caCertificate=" + (caCertificate.isEmpty() ? "none" : "set")
                + ", clientCertificate=" + (clientCertificate.isEmpty() ? "none" : "set") + ", clientKey="
                + (clientKey.isEmpty() ? "none" : "****") + "]";
    }
}
