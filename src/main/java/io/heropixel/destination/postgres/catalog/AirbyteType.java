package io.heropixel.destination.postgres.catalog;

/** The column types a JSON schema property maps to (docs/type-mapping.md). */
public enum AirbyteType {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    DATE,
    TIME_WITHOUT_TIMEZONE,
    TIME_WITH_TIMEZONE,
    TIMESTAMP_WITHOUT_TIMEZONE,
    TIMESTAMP_WITH_TIMEZONE,
    OBJECT,
    ARRAY,
    /** Unions of several types, untyped ({@code {}}) and unrecognised schemas: stored as jsonb. */
    UNKNOWN
}
