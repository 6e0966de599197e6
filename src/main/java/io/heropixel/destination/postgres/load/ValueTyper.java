package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.core.JsonToken;
import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.typing.ValueForms;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Types one JSON value (its raw bytes in the record's line) into its column's binary COPY field, as the
 * SQL typing ({@code typing.TypedSelect}) would, or reports that the SQL result is not certain here. One
 * instance per thread.
 */
final class ValueTyper {
    /** The value was written. */
    static final int TYPED = 0;
    /** The value does not fit its column: a NULL was written, and the record gets a change. */
    static final int NULLED = 1;
    /** Only Postgres knows: the record must be typed by SQL (something may have been written). */
    static final int UNCERTAIN = 2;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** Digits of the longest integer string read as {@code bigint} (always in range). */
    private static final int MAX_BIGINT_STRING_DIGITS = 18;
    /** Digits of the largest {@code bigint}: a longer integral part is out of range. */
    private static final int BIGINT_DIGITS = 19;
    /**
     * The largest exponent (in absolute value) read here; Postgres' {@code numeric} input limits vary by
     * version beyond it (9.6 refuses exponents over 1000), so larger ones are left to SQL.
     */
    private static final int MAX_EXPONENT = 300;

    private final IsoTemporal temporal = new IsoTemporal();
    private final long[] parsed = new long[1];

    /**
     * Writes the field of a present value.
     *
     * @param token the value's first token
     * @param start the index in {@code b} of the value's first byte
     * @param end the index just past its last byte (a string's closing quote included)
     */
    int type(ColumnKind kind, JsonToken token, byte[] b, int start, int end, BinaryRow row) {
        if (token == JsonToken.VALUE_NULL) {
            if (kind == ColumnKind.JSON_ANY) {
                row.addJsonb(b, start, end - start);
            } else {
                row.addNull();
            }
            return TYPED;
        }
        boolean string = token == JsonToken.VALUE_STRING;
        boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        return switch (kind) {
            case TEXT -> text(token, b, start, end, row);
            case BIGINT ->
                string ? bigintString(b, start + 1, end - 1, row) : number ? bigint(b, start, end, row) : nulled(row);
            case NUMERIC ->
                string || number
                        ? numeric(b, string ? start + 1 : start, string ? end - 1 : end, number, row)
                        : nulled(row);
            case BOOLEAN -> bool(token, row);
            case DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ ->
                string ? temporal(kind, b, start + 1, end - 1, row) : nulled(row);
            case JSON_OBJECT -> token == JsonToken.START_OBJECT ? jsonb(b, start, end, row) : nulled(row);
            case JSON_ARRAY -> token == JsonToken.START_ARRAY ? jsonb(b, start, end, row) : nulled(row);
            case JSON_ANY -> jsonb(b, start, end, row);
        };
    }

    /** {@code value #>> '{}'}: a string's text, a boolean's or plain number's JSON text. */
    private static int text(JsonToken token, byte[] b, int start, int end, BinaryRow row) {
        switch (token) {
            case VALUE_STRING -> {
                if (!JsonText.hasEscape(b, start + 1, end - 1)) {
                    row.addBytes(b, start + 1, end - start - 2);
                    return TYPED;
                }
                int mark = row.beginField();
                if (!JsonText.appendUnescaped(b, start + 1, end - 1, row)) {
                    return UNCERTAIN;
                }
                row.endField(mark);
                return TYPED;
            }
            case VALUE_TRUE -> row.addBytes(TRUE);
            case VALUE_FALSE -> row.addBytes(FALSE);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // jsonb prints a number as numeric does: as written, but without an exponent or a minus zero
                if (JsonText.hasExponent(b, start, end) || negativeZero(b, start, end)) {
                    return UNCERTAIN;
                }
                row.addBytes(b, start, end - start);
            }
            default -> {
                // objects and arrays are printed by jsonb with its own spacing and key order
                return UNCERTAIN;
            }
        }
        return TYPED;
    }

    private static boolean negativeZero(byte[] b, int start, int end) {
        if (b[start] != '-') {
            return false;
        }
        for (int i = start + 1; i < end; i++) {
            if (b[i] != '0' && b[i] != '.') {
                return false;
            }
        }
        return true;
    }

    /** A JSON number into {@code bigint}: a zero fraction is dropped, anything else must be an integer. */
    private int bigint(byte[] b, int start, int end, BinaryRow row) {
        if (JsonText.hasExponent(b, start, end)) {
            return exactInteger(b, start, end, row);
        }
        int point = NumericBinary.plainDecimalPoint(b, start, end);
        if (point < 0) {
            return UNCERTAIN;
        }
        if (point < end && !NumericBinary.allZeros(b, point + 1, end)) {
            return nulled(row);
        }
        if (!NumericBinary.parseLong(b, start, point, parsed)) {
            return nulled(row);
        }
        row.addInt64(parsed[0]);
        return TYPED;
    }

    /**
     * A JSON string into {@code bigint}: {@code [+-]?[0-9]{1,18}} directly, any other decimal notation when
     * it is an exact integer; text with spaces, escapes or non-ASCII characters is left to SQL.
     */
    private int bigintString(byte[] b, int from, int to, BinaryRow row) {
        int digits = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
        boolean plain = to - digits >= 1 && to - digits <= MAX_BIGINT_STRING_DIGITS;
        for (int i = digits; plain && i < to; i++) {
            plain = b[i] >= '0' && b[i] <= '9';
        }
        if (plain) {
            NumericBinary.parseLong(b, from, to, parsed);
            row.addInt64(parsed[0]);
            return TYPED;
        }
        for (int i = from; i < to; i++) {
            if (b[i] == ' ' || b[i] == '\\' || b[i] < 0) {
                return UNCERTAIN;
            }
        }
        return exactInteger(b, from, to, row);
    }

    /**
     * A decimal number text in any notation ({@code 2E1}, {@code 42.0}, {@code 1.5e1}) into {@code bigint}:
     * its value when that is an exact integer in range, else NULL; text that is not a decimal number is
     * NULL (as in SQL, where {@code ValueForms} gates the cast). Very long texts and large exponents are
     * left to SQL.
     */
    private static int exactInteger(byte[] b, int from, int to, BinaryRow row) {
        if (to - from > NumericBinary.MAX_NUMERIC_LENGTH) {
            return UNCERTAIN;
        }
        String text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        if (!ValueForms.isDecimal(text)) {
            return nulled(row);
        }
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e >= 0 && exponentTooLarge(text, e + 1)) {
            return UNCERTAIN;
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() == 0) {
            row.addInt64(0);
            return TYPED;
        }
        BigDecimal integral = value.stripTrailingZeros();
        if (integral.scale() > 0 || integral.precision() - integral.scale() > BIGINT_DIGITS) {
            return nulled(row);
        }
        try {
            row.addInt64(integral.longValueExact());
            return TYPED;
        } catch (ArithmeticException outOfRange) {
            return nulled(row);
        }
    }

    /** Whether the exponent starting at {@code at} ({@code [+-]?[0-9]+}) is beyond {@link #MAX_EXPONENT}. */
    private static boolean exponentTooLarge(String text, int at) {
        int i = at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-') ? at + 1 : at;
        while (i < text.length() - 1 && text.charAt(i) == '0') {
            i++;
        }
        return text.length() - i > 3 || Integer.parseInt(text.substring(i)) > MAX_EXPONENT;
    }

    private static int numeric(byte[] b, int from, int to, boolean number, BinaryRow row) {
        if (to - from > NumericBinary.MAX_NUMERIC_LENGTH || (number && JsonText.hasExponent(b, from, to))) {
            return UNCERTAIN;
        }
        int point = NumericBinary.plainDecimalPoint(b, from, to);
        if (point < 0) {
            return UNCERTAIN;
        }
        NumericBinary.writeNumeric(row, b, from, to, point);
        return TYPED;
    }

    private static int bool(JsonToken token, BinaryRow row) {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            row.addBoolean(token == JsonToken.VALUE_TRUE);
            return TYPED;
        }
        return nulled(row);
    }

    private int temporal(ColumnKind kind, byte[] b, int from, int to, BinaryRow row) {
        switch (kind) {
            case DATE -> {
                if (!temporal.date(b, from, to)) {
                    return notParsed(AirbyteType.DATE, b, from, to, row);
                }
                row.addDateFromUnixDays(temporal.epochDay);
            }
            case TIME -> {
                if (!temporal.time(b, from, to)) {
                    return notParsed(AirbyteType.TIME_WITHOUT_TIMEZONE, b, from, to, row);
                }
                row.addInt64(temporal.timeMicros);
            }
            case TIMETZ -> {
                if (!temporal.timeWithOffset(b, from, to)) {
                    return notParsed(AirbyteType.TIME_WITH_TIMEZONE, b, from, to, row);
                }
                addTimeTz(row, temporal.timeMicros, temporal.offsetSeconds);
            }
            case TIMESTAMP -> {
                // Postgres reads a timestamp without time zone ignoring any offset
                if (!temporal.timestamp(b, from, to)) {
                    return notParsed(AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE, b, from, to, row);
                }
                row.addTimestampFromUnixMicros(temporal.localMicros());
            }
            default -> {
                if (!temporal.timestamp(b, from, to)) {
                    return notParsed(AirbyteType.TIMESTAMP_WITH_TIMEZONE, b, from, to, row);
                }
                row.addTimestampFromUnixMicros(temporal.instantMicros());
            }
        }
        return TYPED;
    }

    /**
     * A date/time text the strict parser did not read: NULL when it is not one of the accepted ISO forms
     * (SQL typing NULLs it too), else left to Postgres (rounding of 7+ fraction digits, 24:00, invalid
     * dates...). Text with escapes is left to SQL.
     */
    private static int notParsed(AirbyteType type, byte[] b, int from, int to, BinaryRow row) {
        if (JsonText.hasEscape(b, from, to)) {
            return UNCERTAIN;
        }
        String text = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        return ValueForms.isIsoTemporal(type, text) ? UNCERTAIN : nulled(row);
    }

    /** {@code timetz}: microseconds of the day, then the zone as seconds WEST of UTC (32 bits). */
    static void addTimeTz(BinaryRow row, long micros, int offsetSecondsEast) {
        int mark = row.beginField();
        row.appendShort((int) (micros >>> 48));
        row.appendShort((int) (micros >>> 32));
        row.appendShort((int) (micros >>> 16));
        row.appendShort((int) micros);
        int west = -offsetSecondsEast;
        row.appendShort(west >>> 16);
        row.appendShort(west);
        row.endField(mark);
    }

    private static int jsonb(byte[] b, int start, int end, BinaryRow row) {
        row.addJsonb(b, start, end - start);
        return TYPED;
    }

    private static int nulled(BinaryRow row) {
        row.addNull();
        return NULLED;
    }
}
