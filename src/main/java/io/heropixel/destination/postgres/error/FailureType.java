package io.heropixel.destination.postgres.error;

import java.util.Locale;

/** The three failure categories of the protocol's TRACE error message. */
public enum FailureType {
    /** The user must change something (config, privileges, input). */
    CONFIG,
    /** Retrying may help (network, server restart, lock timeout). */
    TRANSIENT,
    /** A bug or an unexpected state: the logs have the details. */
    SYSTEM;

    /** The protocol's name: {@code config_error}, {@code transient_error}, {@code system_error}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT) + "_error";
    }

    /** The process exit code: 1 for every failure type. */
    public int exitCode() {
        return 1;
    }
}
