package io.heropixel.destination.postgres.config;

import io.heropixel.destination.postgres.error.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** libpq's SSL modes, with what each one requires of the connection. */
public enum SslMode {
    DISABLE,
    ALLOW,
    PREFER,
    REQUIRE,
    VERIFY_CA,
    VERIFY_FULL;

    /** libpq's name of the mode: the constant's name in lower case with dashes ({@code verify-full}). */
    public String value() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code require} and the two verifying modes. */
    public boolean requireEncryption() {
        return this == REQUIRE || verifyCertificate();
    }

    /** {@code verify-ca} and {@code verify-full}. */
    public boolean verifyCertificate() {
        return this == VERIFY_CA || verifyPeerName();
    }

    /** {@code verify-full} only. */
    public boolean verifyPeerName() {
        return this == VERIFY_FULL;
    }

    public static SslMode of(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.value().equals(value))
                .findFirst()
                .orElseThrow(() -> new ConfigException("ssl_mode.mode '" + value
                        + "' is not a known SSL mode. Use one of: "
                        + Arrays.stream(values()).map(SslMode::value).collect(Collectors.joining(", ")) + "."));
    }
}
