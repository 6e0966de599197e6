package io.heropixel.destination.postgres.catalog;

import io.heropixel.destination.postgres.error.ConfigException;

/** The destination sync modes this connector supports. */
public enum DestinationSyncMode {
    APPEND("append"),
    OVERWRITE("overwrite"),
    APPEND_DEDUP("append_dedup");

    private final String value;

    DestinationSyncMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static DestinationSyncMode of(String value) {
        for (DestinationSyncMode mode : values()) {
            if (mode.value.equals(value)) {
                return mode;
            }
        }
        throw new ConfigException(
                "destination_sync_mode '" + value + "' is not supported. Use one of: append, overwrite, append_dedup.");
    }
}
