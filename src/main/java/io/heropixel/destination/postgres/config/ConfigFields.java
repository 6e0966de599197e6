package io.heropixel.destination.postgres.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;

/**
 * Reads typed values from one JSON object of the config, with a {@link ConfigException} that names the
 * field and what is allowed when a value has the wrong type. Absent and JSON {@code null} are the same.
 *
 * @param node the object to read from
 * @param path the prefix of field names in messages ({@code ""} at the top level, {@code "ssl_mode."} ...)
 */
record ConfigFields(JsonNode node, String path) {
    ConfigFields {
        requireNonNull(node, "node is null");
        requireNonNull(path, "path is null");
    }

    String name(String field) {
        return path + field;
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** The text of a string field, or {@code fallback} when absent. Numbers and booleans are accepted as text. */
    String string(String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw new ConfigException(
                "The config field '" + name(field) + "' must be a string, but it is " + describe(value) + ".");
    }

    /** A required string field; blank counts as missing. */
    String requiredString(String field, String meaning) {
        String value = string(field, "").trim();
        if (value.isEmpty()) {
            throw new ConfigException(
                    "The config field '" + name(field) + "' is missing or empty. Set it to " + meaning + ".");
        }
        return value;
    }

    /** A required secret string (kept verbatim, not trimmed). */
    String requiredSecret(String field, String meaning) {
        String value = string(field, "");
        if (value.isBlank()) {
            throw new ConfigException(
                    "The config field '" + name(field) + "' is missing or empty. Set it to " + meaning + ".");
        }
        return value;
    }

    boolean bool(String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw new ConfigException(
                "The config field '" + name(field) + "' must be true or false, but it is " + describe(value) + ".");
    }

    /** An integer field within [min, max]; digits in a string are accepted. Out-of-range values are refused. */
    int integer(String field, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.asText().trim());
        } else {
            throw new ConfigException("The config field '" + name(field) + "' must be a whole number from " + min
                    + " to " + max + ", but it is " + describe(value) + ".");
        }
        if (number < min || number > max) {
            throw new ConfigException("The config field '" + name(field) + "' must be a whole number from " + min
                    + " to " + max + ", but it is " + number + ".");
        }
        return (int) number;
    }

    /** A nested object, or null when absent. */
    JsonNode object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new ConfigException(
                    "The config field '" + name(field) + "' must be an object, but it is " + describe(value) + ".");
        }
        return value;
    }

    /** Describes a value for a message without showing it (it may be a secret typed in the wrong field). */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the text '" + abbreviate(value.asText()) + "'";
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isBoolean()) {
            return "the boolean " + value.asText();
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return "of type " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
