package io.heropixel.destination.postgres.load;

import io.heropixel.destination.postgres.table.TypedColumn;

/**
 * The final-table columns whose values {@link RecordTyper} encodes: an extraction type with exactly the
 * SQL type (as {@code format_type} renders it) that this connector creates for it.
 */
enum ColumnKind {
    TEXT,
    BIGINT,
    NUMERIC,
    BOOLEAN,
    DATE,
    TIME,
    TIMETZ,
    TIMESTAMP,
    TIMESTAMPTZ,
    JSON_OBJECT,
    JSON_ARRAY,
    /** Untyped and union properties: any JSON value, a JSON null included. */
    JSON_ANY;

    /** The kind of a column, or null when its values are not encoded here. */
    static ColumnKind of(TypedColumn column) {
        String sqlType = column.sqlType();
        return switch (column.type()) {
            case STRING -> sqlType.equals("character varying") || sqlType.equals("text") ? TEXT : null;
            case INTEGER -> when(sqlType, "bigint", BIGINT);
            case NUMBER -> when(sqlType, "numeric", NUMERIC);
            case BOOLEAN -> when(sqlType, "boolean", BOOLEAN);
            case DATE -> when(sqlType, "date", DATE);
            case TIME_WITHOUT_TIMEZONE -> when(sqlType, "time without time zone", TIME);
            case TIME_WITH_TIMEZONE -> when(sqlType, "time with time zone", TIMETZ);
            case TIMESTAMP_WITHOUT_TIMEZONE -> when(sqlType, "timestamp without time zone", TIMESTAMP);
            case TIMESTAMP_WITH_TIMEZONE -> when(sqlType, "timestamp with time zone", TIMESTAMPTZ);
            case OBJECT -> when(sqlType, "jsonb", JSON_OBJECT);
            case ARRAY -> when(sqlType, "jsonb", JSON_ARRAY);
            case UNKNOWN -> when(sqlType, "jsonb", JSON_ANY);
        };
    }

    private static ColumnKind when(String sqlType, String expected, ColumnKind kind) {
        return sqlType.equals(expected) ? kind : null;
    }
}
