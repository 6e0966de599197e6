package io.heropixel.destination.postgres.load;

/**
 * A strict parser of the few ISO 8601 forms whose Postgres reading is certain (with {@code TimeZone = UTC}
 * and {@code DateStyle = ISO, MDY}): {@code YYYY-MM-DD}, {@code HH:MM:SS[.ffffff]} and their combination
 * with {@code T} or a space and an optional offset ({@code Z}, {@code +HH}, {@code +HHMM}, {@code +HH:MM}).
 * Anything else (other separators, lowercase letters, leap seconds, hour 24, years outside 0001..9999,
 * more than six fraction digits, {@code BC}, time zone names) is not parsed: Postgres may read it, but
 * this class does not know how. Text is the raw bytes of a JSON string's contents. One instance per
 * thread: results are left in fields.
 */
final class IsoTemporal {
    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final int MAX_OFFSET_HOURS = 14;

    /** Days since 1970-01-01 of the last date parsed. */
    long epochDay;
    /** Microseconds since midnight of the last time parsed. */
    long timeMicros;
    /** The offset east of UTC in seconds of the last value parsed (0 when it had none). */
    int offsetSeconds;

    private int pos;

    /** {@code YYYY-MM-DD} with a valid calendar date; sets {@link #epochDay}. */
    boolean date(byte[] b, int from, int to) {
        pos = from;
        return parseDate(b, to) && pos == to;
    }

    /** {@code HH:MM:SS[.f{1,6}]}; sets {@link #timeMicros}. */
    boolean time(byte[] b, int from, int to) {
        pos = from;
        return parseTime(b, to) && pos == to;
    }

    /**
     * {@code HH:MM:SS[.f{1,6}]} then nothing, {@code Z}, {@code +HH:MM} or {@code -HH:MM}; sets {@link
     * #timeMicros} and {@link #offsetSeconds}.
     */
    boolean timeWithOffset(byte[] b, int from, int to) {
        pos = from;
        offsetSeconds = 0;
        return parseTime(b, to) && zone(b, to, true);
    }

    /**
     * {@code YYYY-MM-DD(T| )HH:MM:SS[.f{1,6}][offset]}; sets {@link #epochDay}, {@link #timeMicros} and
     * {@link #offsetSeconds} (the local date and time, as written).
     */
    boolean timestamp(byte[] b, int from, int to) {
        pos = from;
        offsetSeconds = 0;
        if (!parseDate(b, to) || pos >= to || (b[pos] != 'T' && b[pos] != ' ')) {
            return false;
        }
        pos++;
        return parseTime(b, to) && zone(b, to, false);
    }

    /**
     * What may follow a time, up to {@code to}: nothing (UTC), {@code Z}, or an offset ({@code
     * colonOffsetOnly}: only {@code ±HH:MM}).
     */
    private boolean zone(byte[] b, int to, boolean colonOffsetOnly) {
        if (pos == to) {
            return true;
        }
        if (b[pos] == 'Z') {
            return ++pos == to;
        }
        return (!colonOffsetOnly || (to - pos == 6 && b[pos + 3] == ':')) && parseOffset(b, to) && pos == to;
    }

    /** Microseconds since 1970-01-01 00:00 of the local date and time last parsed. */
    long localMicros() {
        return epochDay * MICROS_PER_DAY + timeMicros;
    }

    /** The instant last parsed, in microseconds since the Unix epoch (local time minus the offset). */
    long instantMicros() {
        return localMicros() - offsetSeconds * MICROS_PER_SECOND;
    }

    /** {@code YYYY-MM-DD}; sets {@link #epochDay}. */
    private boolean parseDate(byte[] b, int to) {
        boolean valid = to - pos >= 10
                && b[pos + 4] == '-'
                && b[pos + 7] == '-'
                && setDate(digits(b, pos, 4), digits(b, pos + 5, 2), digits(b, pos + 8, 2));
        if (valid) {
            pos += 10;
        }
        return valid;
    }

    private boolean setDate(int year, int month, int day) {
        boolean valid = year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1;
        if (valid && day <= daysInMonth(year, month)) {
            epochDay = epochDay(year, month, day);
            return true;
        }
        return false;
    }

    private boolean parseTime(byte[] b, int to) {
        if (to - pos < 8 || b[pos + 2] != ':' || b[pos + 5] != ':') {
            return false;
        }
        int hour = digits(b, pos, 2);
        int minute = digits(b, pos + 3, 2);
        int second = digits(b, pos + 6, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        pos += 8;
        long micros = 0;
        if (pos < to && b[pos] == '.') {
            pos++;
            int count = 0;
            while (pos < to && isDigit(b[pos])) {
                if (++count > 6) {
                    return false;
                }
                micros = micros * 10 + (b[pos++] - '0');
            }
            if (count == 0) {
                return false;
            }
            for (int i = count; i < 6; i++) {
                micros *= 10;
            }
        }
        timeMicros = ((hour * 60L + minute) * 60L + second) * MICROS_PER_SECOND + micros;
        return true;
    }

    /** {@code (+|-)HH}, {@code (+|-)HHMM} or {@code (+|-)HH:MM}; sets {@link #offsetSeconds}. */
    private boolean parseOffset(byte[] b, int to) {
        int length = to - pos;
        if (length != 3 && length != 5 && length != 6) {
            return false;
        }
        byte sign = b[pos];
        if (sign != '+' && sign != '-') {
            return false;
        }
        int hours = digits(b, pos + 1, 2);
        int minutes = 0;
        if (length == 5) {
            minutes = digits(b, pos + 3, 2);
        } else if (length == 6) {
            minutes = b[pos + 3] == ':' ? digits(b, pos + 4, 2) : -1;
        }
        if (hours < 0 || hours > MAX_OFFSET_HOURS || minutes < 0 || minutes > 59) {
            return false;
        }
        int seconds = (hours * 60 + minutes) * 60;
        offsetSeconds = sign == '-' ? -seconds : seconds;
        pos = to;
        return true;
    }

    /** The value of {@code count} ASCII digits at {@code at}, or -1 if any is not a digit. */
    private static int digits(byte[] b, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            if (!isDigit(b[i])) {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
