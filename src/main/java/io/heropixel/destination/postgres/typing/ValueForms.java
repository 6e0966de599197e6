package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import java.util.regex.Pattern;

/**
 * The text forms typing accepts for date/time and integer columns (docs/type-mapping.md), as regular
 * expressions written in the syntax that Postgres (9.6 and later, {@code ~}) and {@code java.util.regex}
 * read alike: the SQL typing checks a value's text against them before it casts, and the JVM typing
 * ({@code load.ValueTyper}) NULLs what does not match, so both paths agree on what is a valid value.
 */
public final class ValueForms {
    /** Extended format: {@code HH:MM[:SS[.fraction]]} then an optional {@code Z}, {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM}. */
    private static final String EXTENDED_TIME =
            "[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?";

    /** Basic format: {@code HHMM[SS[.fraction]]} then an optional {@code Z}, {@code ±HH} or {@code ±HHMM}. */
    private static final String BASIC_TIME = "[0-9]{4}([0-9]{2}([.][0-9]+)?)?([Zz]|[+-][0-9]{2}([0-9]{2})?)?";

    /** A time of day, in either format. */
    private static final String TIME = "(" + EXTENDED_TIME + "|" + BASIC_TIME + ")";

    /**
     * An ISO 8601 calendar date with a four-digit year, alone or with a time of day in the same format:
     * {@code YYYY-MM-DD} followed by {@code T}, {@code t} or a space and an extended time, or {@code
     * YYYYMMDD} followed by {@code T} or {@code t} and a basic time.
     */
    private static final String DATE_TIME =
            "([0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ]" + EXTENDED_TIME + ")?|[0-9]{8}([Tt]" + BASIC_TIME + ")?)";

    /** An integer without fraction or exponent: the common form, cast directly. */
    private static final String PLAIN_INTEGER = "[-+]?[0-9]+";

    /** A decimal number in any notation (fraction, exponent), without NaN, Infinity, hex or underscores. */
    private static final String DECIMAL = "[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?";

    private static final Pattern DATE_TIME_PATTERN = Pattern.compile(DATE_TIME);
    private static final Pattern TIME_PATTERN = Pattern.compile(TIME);
    private static final Pattern DECIMAL_PATTERN = Pattern.compile(DECIMAL);

    private ValueForms() {}

    /**
     * Whether {@code text} is an accepted ISO 8601 form for a column of this date/time type: a date or a
     * date and time for {@code date} and timestamp columns, a time for {@code time} columns.
     */
    public static boolean isIsoTemporal(AirbyteType type, CharSequence text) {
        return temporalPattern(type).matcher(text).matches();
    }

    /** Whether {@code text} is a decimal number (no surrounding spaces): {@link #DECIMAL}. */
    public static boolean isDecimal(CharSequence text) {
        return DECIMAL_PATTERN.matcher(text).matches();
    }

    /** The SQL regular expression (anchored, a string literal) of the ISO forms of a date/time type. */
    static String temporalSql(AirbyteType type) {
        return literal("^" + temporalPattern(type).pattern() + "$");
    }

    /** The SQL regular expression of a plain integer text; spaces around it are allowed, as Postgres does. */
    static String plainIntegerSql() {
        return literal("^[[:space:]]*" + PLAIN_INTEGER + "[[:space:]]*$");
    }

    /** The SQL regular expression of a decimal number text; spaces around it are allowed, as Postgres does. */
    static String decimalSql() {
        return literal("^[[:space:]]*" + DECIMAL + "[[:space:]]*$");
    }

    private static Pattern temporalPattern(AirbyteType type) {
        return switch (type) {
            case DATE, TIMESTAMP_WITH_TIMEZONE, TIMESTAMP_WITHOUT_TIMEZONE -> DATE_TIME_PATTERN;
            case TIME_WITH_TIMEZONE, TIME_WITHOUT_TIMEZONE -> TIME_PATTERN;
            default -> throw new IllegalArgumentException("not a date/time type: " + type);
        };
    }

    /** A constant regular expression as a standard-conforming SQL string literal (it holds no quote). */
    private static String literal(String regex) {
        if (regex.indexOf('\'') >= 0 || regex.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("regular expression needs quoting: " + regex);
        }
        return "'" + regex + "'";
    }
}
