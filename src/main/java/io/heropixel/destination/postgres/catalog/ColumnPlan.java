package io.heropixel.destination.postgres.catalog;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.sql.Identifier;

/**
 * A final-table column: the property name in the record JSON, the column it lands in (normalised,
 * collision-free, at most 63 bytes) and its type.
 */
public record ColumnPlan(String originalName, Identifier column, AirbyteType type) {
    public ColumnPlan {
        requireNonNull(originalName, "originalName is null");
        requireNonNull(column, "column is null");
        requireNonNull(type, "type is null");
    }
}
