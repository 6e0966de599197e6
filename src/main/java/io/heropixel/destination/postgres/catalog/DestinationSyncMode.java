package io.heropixel.destination.postgres.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The destination sync modes this connector supports. */
public enum DestinationSyncMode {
    APPEND,
    OVERWRITE,
    APPEND_DEDUP;

    /** The protocol's name of the mode: the constant's name in lower case ({@code append_dedup}). */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code value}, if this connector supports it. */
    public static Optional<DestinationSyncMode> find(String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.value().equals(value))
                .findFirst();
    }
}
