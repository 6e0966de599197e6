package io.heropixel.destination.postgres.config;

/**
 * {@code citus_distribution}: whether the tables the connector creates on a Citus cluster are distributed
 * over its workers (docs/citus.md). Without Citus on the target database the setting changes nothing.
 */
public enum CitusDistribution {
    /** New final tables are distributed when the target database has the citus extension (the default). */
    AUTO("auto"),
    /** Every table the connector creates stays a local table on the coordinator. */
    OFF("off");

    private final String value;

    CitusDistribution(String value) {
        this.value = value;
    }

    /** The config value ({@code "auto"} or {@code "off"}). */
    public String value() {
        return value;
    }

    /** True when new tables are distributed on a Citus cluster. */
    public boolean distributes() {
        return this == AUTO;
    }

    /** The setting of a config value; case and surrounding spaces are ignored. */
    public static CitusDistribution of(String value) {
        return ConfigChoice.of(
                values(),
                CitusDistribution::value,
                "citus_distribution",
                value,
                "Set it to \"auto\" (distribute the connector's new final tables when the database is a Citus"
                        + " cluster) or \"off\" (keep every table on the coordinator), or leave it out for \"auto\".");
    }
}
