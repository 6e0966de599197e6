package io.heropixel.destination.postgres.catalog;

import java.util.Optional;

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

    /** The mode named {@code value}, if this connector supports it. */
    public static Optional<DestinationSyncMode> find(String value) {
        for (DestinationSyncMode mode : values()) {
            if (mode.value.equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
