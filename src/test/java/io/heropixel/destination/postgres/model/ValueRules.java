package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a JSON value is typed into a column (docs/type-mapping.md, "How values are typed"), as the text
 * Postgres prints for the typed value ({@code column::text} with {@code TimeZone = UTC}). {@link #NULLED}
 * means SQL NULL plus a {@code NULLED} / {@code DESTINATION_TYPECAST_ERROR} change for the field; a Java
 * {@code null} means SQL NULL without a change.
 */
final class ValueRules {
    /** The marker of a value that does not fit its column. */
    static final String NULLED = "\u0000NULLED";

    private static final BigInteger MIN_BIGINT = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_BIGINT = BigInteger.valueOf(Long.MAX_VALUE);
    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** ISO 8601 / RFC 3339 date-time; years 0001-9999 only (4 digits). */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,6})?(Z|[+-]\\d{2}(:?\\d{2})?)?");

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    private ValueRules() {}

    /** The typed text of {@code value} in a column of type {@code column}, null, or {@link #NULLED}. */
    static String type(JsonNode value, ColType column) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (column) {
            case STRING -> value.isTextual() ? value.textValue() : asText(value);
            case INTEGER -> integer(value);
            case NUMBER -> number(value);
            case BOOLEAN -> value.isBoolean() ? Boolean.toString(value.booleanValue()) : NULLED;
            case TIMESTAMPTZ -> value.isTextual() ? timestamp(value.textValue()) : NULLED;
            case DATE -> value.isTextual() ? date(value.textValue()) : NULLED;
        };
    }

    /** The text of a non-string JSON value in a varchar column (numbers as jsonb prints them). */
    private static String asText(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.toString();
    }

    private static String integer(JsonNode value) {
        BigDecimal decimal = decimal(value);
        if (decimal == null) {
            return NULLED;
        }
        try {
            BigInteger integer = decimal.toBigIntegerExact();
            if (integer.compareTo(MIN_BIGINT) < 0 || integer.compareTo(MAX_BIGINT) > 0) {
                return NULLED;
            }
            return integer.toString();
        } catch (ArithmeticException fraction) {
            return NULLED;
        }
    }

    private static String number(JsonNode value) {
        BigDecimal decimal = decimal(value);
        return decimal == null ? NULLED : decimal.toPlainString();
    }

    /** JSON numbers and numeric strings (exponents included: one rule for every path). */
    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && NUMERIC.matcher(value.textValue()).matches()) {
            return new BigDecimal(value.textValue());
        }
        return null;
    }

    /** An ISO 8601 date-time as timestamptz text in UTC; anything else (special words included) NULLED. */
    static String timestamp(String text) {
        Matcher m = TIMESTAMP.matcher(text);
        if (!m.matches()) {
            return NULLED;
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7).substring(1);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)),
                    nanos);
            String zone = m.group(8);
            if (zone != null && !zone.equals("Z")) {
                String digits = zone.substring(1).replace(":", "");
                int hours = Integer.parseInt(digits.substring(0, 2));
                int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
                int seconds = (hours * 3600 + minutes * 60) * (zone.charAt(0) == '-' ? -1 : 1);
                local = local.atOffset(ZoneOffset.ofTotalSeconds(seconds))
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
            }
            if (local.getYear() < 1 || local.getYear() > 9999) {
                return NULLED;
            }
            String trimmed = fraction.replaceAll("0+$", "");
            return String.format(
                    "%04d-%02d-%02d %02d:%02d:%02d%s+00",
                    local.getYear(),
                    local.getMonthValue(),
                    local.getDayOfMonth(),
                    local.getHour(),
                    local.getMinute(),
                    local.getSecond(),
                    trimmed.isEmpty() ? "" : "." + trimmed);
        } catch (DateTimeException impossible) {
            return NULLED;
        }
    }

    static String date(String text) {
        Matcher m = DATE.matcher(text);
        if (!m.matches()) {
            return NULLED;
        }
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (date.getYear() < 1) {
                return NULLED;
            }
            return String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        } catch (DateTimeException impossible) {
            return NULLED;
        }
    }
}
