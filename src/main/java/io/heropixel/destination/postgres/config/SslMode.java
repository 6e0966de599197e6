package io.heropixel.destination.postgres.config;

import io.heropixel.destination.postgres.error.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** libpq's SSL modes, with what each one requires of the connection. */
public enum SslMode {
    DISABLE("disable", false, false, false),
    ALLOW("allow", false, false, false),
    PREFER("prefer", false, false, false),
    REQUIRE("require", true, false, false),
    VERIFY_CA("verify-ca", true, true, false),
    VERIFY_FULL("verify-full", true, true, true);

    private final String value;
    private final boolean requireEncryption;
    private final boolean verifyCertificate;
    private final boolean verifyPeerName;

    SslMode(String value, boolean requireEncryption, boolean verifyCertificate, boolean verifyPeerName) {
        this.value = value;
        this.requireEncryption = requireEncryption;
        this.verifyCertificate = verifyCertificate;
        this.verifyPeerName = verifyPeerName;
    }

    public String value() {
        return value;
    }

    public boolean requireEncryption() {
        return requireEncryption;
    }

    public boolean verifyCertificate() {
        return verifyCertificate;
    }

    public boolean verifyPeerName() {
        return verifyPeerName;
    }

    public static SslMode of(String value) {
        for (SslMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new ConfigException("ssl_mode.mode '" + value + "' is not a known SSL mode. Use one of: "
                + Arrays.stream(values()).map(SslMode::value).collect(Collectors.joining(", ")) + ".");
    }
}
