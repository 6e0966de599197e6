package io.heropixel.destination.postgres.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code cdc_deletion_mode}: what a CDC deletion record (a record whose {@code _ab_cdc_deleted_at} is set)
 * does to the final table of an append+dedup stream. The values are Airbyte destination-postgres 3.x's.
 */
public enum CdcDeletionMode implements ConfigChoice.Setting {
    /** The key's row is removed from the final table (the default). */
    HARD_DELETE,
    /** The deletion record is kept as the key's row, typed like any record (a tombstone). */
    SOFT_DELETE;

    /** The config value ({@code "Hard delete"} or {@code "Soft delete"}). */
    @Override
    public String value() {
        return switch (this) {
            case HARD_DELETE -> "Hard delete";
            case SOFT_DELETE -> "Soft delete";
        };
    }

    /** True when deletion records are kept as rows. */
    public boolean keepsDeletionRows() {
        return this == SOFT_DELETE;
    }

    /** The mode of a config value; case and surrounding spaces are ignored. */
    public static CdcDeletionMode of(String value) {
        return ConfigChoice.of(
                CdcDeletionMode.class,
                "cdc_deletion_mode",
                value,
                "Set it to one of: "
                        + Arrays.stream(values())
                                .map(m -> "\"" + m.value() + "\"")
                                .collect(Collectors.joining(", "))
                        + " (\"Hard delete\" removes a deleted key's row from append+dedup tables, \"Soft delete\""
                        + " keeps the deletion record as its row), or leave it out for \"Hard delete\".");
    }
}
