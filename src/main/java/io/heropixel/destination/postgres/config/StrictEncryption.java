package io.heropixel.destination.postgres.config;

/**
 * The catalog-independent strict encryption mode: when on, connections without an SSH tunnel must use
 * an SSL mode that encrypts (require, verify-ca, verify-full). Enabled by the environment variable
 * {@value #ENVIRONMENT_VARIABLE}{@code =true} or by the {@code --strict-encrypt} command-line flag; the CLI
 * decides it once per run.
 */
public final class StrictEncryption {
    public static final String ENVIRONMENT_VARIABLE = "DESTINATION_POSTGRES_STRICT_ENCRYPT";

    private StrictEncryption() {}

    /** True when the flag was given or the environment variable is {@code true}. */
    public static boolean enabled(boolean flagGiven) {
        return flagGiven || "true".equalsIgnoreCase(System.getenv(ENVIRONMENT_VARIABLE));
    }
}
