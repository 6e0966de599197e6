package io.heropixel.destination.postgres.error;

/** The three failure categories of the protocol's TRACE error message. */
public enum FailureType {
    /** The user must change something (config, privileges, input). */
    CONFIG("config_error", 1),
    /** Retrying may help (network, server restart, lock timeout). */
    TRANSIENT("transient_error", 1),
    /** A bug or an unexpected state: the logs have the details. */
    SYSTEM("system_error", 1);

    private final String wireName;
    private final int exitCode;

    FailureType(String wireName, int exitCode) {
        this.wireName = wireName;
        this.exitCode = exitCode;
    }

    public String wireName() {
        return wireName;
    }

    public int exitCode() {
        return exitCode;
    }
}
