package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import java.util.Locale;

/** The column type map (docs/type-mapping.md) and the category of an existing column's SQL type. */
public final class ColumnTypes {
    private ColumnTypes() {}

    /** DDL type of a new column. */
    public static String ddlType(AirbyteType type, boolean unconstrainedNumber) {
        return switch (type) {
            case STRING -> "varchar";
            case NUMBER -> unconstrainedNumber ? "numeric" : "decimal(38, 9)";
            case INTEGER -> "bigint";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIME_WITHOUT_TIMEZONE -> "time";
            case TIME_WITH_TIMEZONE -> "time with time zone";
            case TIMESTAMP_WITHOUT_TIMEZONE -> "timestamp";
            case TIMESTAMP_WITH_TIMEZONE -> "timestamp with time zone";
            case OBJECT, ARRAY, UNKNOWN -> "jsonb";
        };
    }

    /**
     * The type whose values an existing column holds, from its {@code format_type} text; null when the
     * column has a type this connector never creates (it is then loaded as text, see {@link #extraction}).
     */
    public static AirbyteType categoryOf(String sqlType) {
        String t = sqlType.toLowerCase(Locale.ROOT);
        if (t.startsWith("character varying") || t.equals("text") || t.startsWith("character")) {
            return AirbyteType.STRING;
        }
        if (t.startsWith("numeric") || t.equals("double precision") || t.equals("real")) {
            return AirbyteType.NUMBER;
        }
        return switch (t) {
            case "bigint", "integer", "smallint" -> AirbyteType.INTEGER;
            case "boolean" -> AirbyteType.BOOLEAN;
            case "date" -> AirbyteType.DATE;
            case "time without time zone" -> AirbyteType.TIME_WITHOUT_TIMEZONE;
            case "time with time zone" -> AirbyteType.TIME_WITH_TIMEZONE;
            case "timestamp without time zone" -> AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE;
            case "timestamp with time zone" -> AirbyteType.TIMESTAMP_WITH_TIMEZONE;
            case "jsonb", "json" -> AirbyteType.UNKNOWN;
            default -> null;
        };
    }

    /**
     * How values are extracted into an existing column: the plan's type when the column holds that kind
     * of value (jsonb holds objects, arrays and unknowns), otherwise the column's own kind.
     */
    public static AirbyteType extraction(AirbyteType planType, String sqlType) {
        AirbyteType category = categoryOf(sqlType);
        if (category == null) {
            return AirbyteType.STRING;
        }
        if (category == AirbyteType.UNKNOWN && isJson(planType)) {
            return planType;
        }
        return category;
    }

    static boolean isJson(AirbyteType type) {
        return type == AirbyteType.OBJECT || type == AirbyteType.ARRAY || type == AirbyteType.UNKNOWN;
    }
}
