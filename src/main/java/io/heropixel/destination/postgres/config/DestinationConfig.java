package io.heropixel.destination.postgres.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The validated, immutable configuration. Built once by the config resolver; every default is resolved
 * (no nulls). Secrets are registered with {@code error.Secrets} when it is built.
 *
 * @param schemas the {@code schema} setting split on commas: the first is the default namespace, the
 *     whole list is the search path
 * @param password the password, or empty
 * @param jdbcParams extra driver properties from {@code jdbc_url_params}, minus the keys the connector
 *     always sets
 * @param connectTimeoutSeconds seconds to wait for a connection; 0 means the longest time available
 * @param rawSchema schema of the raw tables ({@code airbyte_internal} unless configured)
 * @param cdcDeletionMode what a CDC deletion record does to an append+dedup final table
 * @param directLoad records are typed in the JVM and written to the final tables only; a raw-shaped side
 *     table holds just the records the JVM cannot type until SQL types them (docs/write-path.md)
 * @param citusDistribution whether new final tables are distributed on a Citus cluster (docs/citus.md)
 */
public record DestinationConfig(
        String host,
        int port,
        String database,
        List<String> schemas,
        String username,
        String password,
        SslConfig ssl,
        Map<String, String> jdbcParams,
        int connectTimeoutSeconds,
        String rawSchema,
        boolean disableTypeDedupe,
        boolean dropCascade,
        boolean unconstrainedNumber,
        CdcDeletionMode cdcDeletionMode,
        boolean directLoad,
        TunnelConfig tunnel,
        CitusDistribution citusDistribution) {

    public DestinationConfig {
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        schemas = List.copyOf(schemas);
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(ssl, "ssl is null");
        jdbcParams = Map.copyOf(jdbcParams);
        requireNonNull(rawSchema, "rawSchema is null");
        requireNonNull(cdcDeletionMode, "cdcDeletionMode is null");
        requireNonNull(tunnel, "tunnel is null");
        requireNonNull(citusDistribution, "citusDistribution is null");
        if (schemas.isEmpty()) {
            throw new IllegalArgumentException("schemas is empty");
        }
    }

    /** The schema for streams without a namespace. */
    public String defaultSchema() {
        return schemas.get(0);
    }

    @Override
    public String toString() {
        return "DestinationConfig[host=" + host + ", port=" + port + ", database=" + database + ", schemas="
                + schemas + ", username=" + username + ", password=" + (password.isEmpty() ? "none" : "****")
                + ", ssl=" + ssl + ", jdbcParams=" + jdbcParams.keySet() + ", connectTimeoutSeconds="
                + connectTimeoutSeconds + ", rawSchema=" + rawSchema + ", disableTypeDedupe=" + disableTypeDedupe
                + ", dropCascade=" + dropCascade + ", unconstrainedNumber=" + unconstrainedNumber
                + ", cdcDeletionMode=" + cdcDeletionMode.value() + ", directLoad=" + directLoad + ", tunnel="
                + tunnel + ", citusDistribution=" + citusDistribution.value() + "]";
    }
}
