package io.heropixel.destination.postgres.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Maps one JSON-schema property to its column type (docs/type-mapping.md, as Airbyte destination-postgres maps them). Unions of several
 * non-null types, {@code oneOf}/{@code anyOf} and untyped or unrecognised schemas become {@link
 * AirbyteType#UNKNOWN} (stored as jsonb, lossless).
 */
final class SchemaTypes {
    private SchemaTypes() {}

    static AirbyteType typeOf(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return AirbyteType.UNKNOWN;
        }
        if (schema.has("$ref")) {
            return wellKnown(schema.path("$ref").asText(""));
        }
        if (schema.has("oneOf") || schema.has("anyOf") || schema.has("allOf")) {
            return AirbyteType.UNKNOWN;
        }
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? AirbyteType.OBJECT : AirbyteType.UNKNOWN;
        }
        if (type.isTextual()) {
            return simple(type.asText(), schema);
        }
        if (type.isArray()) {
            Set<String> members = new LinkedHashSet<>();
            type.forEach(member -> {
                if (member.isTextual() && !"null".equals(member.asText())) {
                    members.add(member.asText());
                }
            });
            return members.size() == 1 ? simple(members.iterator().next(), schema) : AirbyteType.UNKNOWN;
        }
        return AirbyteType.UNKNOWN;
    }

    private static AirbyteType simple(String type, JsonNode schema) {
        String airbyteType = schema.path("airbyte_type").asText("").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "string" -> string(schema.path("format").asText(""), airbyteType);
            case "boolean" -> AirbyteType.BOOLEAN;
            case "integer", "int" -> AirbyteType.INTEGER;
            case "number" -> "integer".equals(airbyteType) ? AirbyteType.INTEGER : AirbyteType.NUMBER;
            case "object" -> AirbyteType.OBJECT;
            case "array" -> AirbyteType.ARRAY;
            default -> AirbyteType.UNKNOWN;
        };
    }

    private static AirbyteType string(String format, String airbyteType) {
        return switch (format) {
            case "date" -> AirbyteType.DATE;
            case "time" ->
                switch (airbyteType) {
                    case "time_without_timezone" -> AirbyteType.TIME_WITHOUT_TIMEZONE;
                    case "time_with_timezone" -> AirbyteType.TIME_WITH_TIMEZONE;
                    default -> AirbyteType.UNKNOWN;
                };
            case "date-time" ->
                "timestamp_without_timezone".equals(airbyteType)
                        ? AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE
                        : AirbyteType.TIMESTAMP_WITH_TIMEZONE;
            default -> AirbyteType.STRING;
        };
    }

    private static AirbyteType wellKnown(String ref) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        return switch (name) {
            case "Integer" -> AirbyteType.INTEGER;
            case "Number" -> AirbyteType.NUMBER;
            case "String", "BinaryData" -> AirbyteType.STRING;
            case "Boolean" -> AirbyteType.BOOLEAN;
            case "Date" -> AirbyteType.DATE;
            case "TimestampWithTimezone" -> AirbyteType.TIMESTAMP_WITH_TIMEZONE;
            case "TimestampWithoutTimezone" -> AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE;
            case "TimeWithTimezone" -> AirbyteType.TIME_WITH_TIMEZONE;
            case "TimeWithoutTimezone" -> AirbyteType.TIME_WITHOUT_TIMEZONE;
            default -> AirbyteType.UNKNOWN;
        };
    }
}
