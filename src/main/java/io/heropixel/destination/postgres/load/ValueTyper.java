package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.core.JsonToken;

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
            return UNCERTAIN;
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

    /** A JSON string into {@code bigint}: only {@code [+-]?[0-9]{1,18}}, whose reading is certain. */
    private int bigintString(byte[] b, int from, int to, BinaryRow row) {
        int digits = from < to && (b[from] == '-' || b[from] == '+') ? from + 1 : from;
        if (to - digits < 1 || to - digits > MAX_BIGINT_STRING_DIGITS) {
            return UNCERTAIN;
        }
        for (int i = digits; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return UNCERTAIN;
            }
        }
        NumericBinary.parseLong(b, from, to, parsed);
        row.addInt64(parsed[0]);
        return TYPED;
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
                    return UNCERTAIN;
                }
                row.addDateFromUnixDays(temporal.epochDay);
            }
            case TIME -> {
                if (!temporal.time(b, from, to)) {
                    return UNCERTAIN;
                }
                row.addInt64(temporal.timeMicros);
            }
            case TIMETZ -> {
                if (!temporal.timeWithOffset(b, from, to)) {
                    return UNCERTAIN;
                }
                addTimeTz(row, temporal.timeMicros, temporal.offsetSeconds);
            }
            case TIMESTAMP -> {
                // Postgres reads a timestamp without time zone ignoring any offset
                if (!temporal.timestamp(b, from, to)) {
                    return UNCERTAIN;
                }
                row.addTimestampFromUnixMicros(temporal.localMicros());
            }
            default -> {
                if (!temporal.timestamp(b, from, to)) {
                    return UNCERTAIN;
                }
                row.addTimestampFromUnixMicros(temporal.instantMicros());
            }
        }
        return TYPED;
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
