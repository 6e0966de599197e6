package io.heropixel.destination.postgres.config;

import java.util.Locale;

/**
 * {@code citus_distribution}: whether the tables the connector creates on a Citus cluster are distributed
 * over its workers (docs/citus.md). Without Citus on the target database the setting changes nothing.
 */
public enum CitusDistribution implements ConfigChoice.Setting {
    /** New final tables are distributed when the target database has the citus extension (the default). */
    AUTO,
    /** Every table the connector creates stays a local table on the coordinator. */
    OFF;

    /** The config value ({@code "auto"} or {@code "off"}): the constant's name in lower case. */
    @Override
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting of a config value; case and surrounding spaces are ignored. */
    public static CitusDistribution of(String value) {
        return ConfigChoice.of(
                CitusDistribution.class,
                "citus_distribution",
                value,
                "Set it to \"auto\" (distribute the connector's new final tables when the database is a Citus"
                        + " cluster) or \"off\" (keep every table on the coordinator), or leave it out for \"auto\".");
    }

    /** True when new tables are distributed on a Citus cluster. */
    public boolean distributes() {
        return this == AUTO;
    }
}
