package io.heropixel.destination.postgres.load;

/**
 * Plain decimal numbers ({@code [+-]?[0-9]+(.[0-9]+)?}, ASCII) and their Postgres binary forms: {@code
 * numeric} (digit count, weight, sign, display scale, then base-10000 digits, each a 16-bit integer;
 * weight is the power of 10000 of the first digit) and {@code bigint}.
 */
final class NumericBinary {
    /** Longest number text encoded as {@code numeric}; longer ones are left to Postgres. */
    static final int MAX_NUMERIC_LENGTH = 1000;

    private static final int SIGN_POSITIVE = 0x0000;
    private static final int SIGN_NEGATIVE = 0x4000;
    private static final int DIGITS_PER_GROUP = 4;

    private NumericBinary() {}

    /**
     * The index of the decimal point of a plain decimal number in {@code b[from, to)}, {@code to} when it
     * has none, or -1 when the text is not a plain decimal number.
     */
    static int plainDecimalPoint(byte[] b, int from, int to) {
        int i = from;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        int start = i;
        while (i < to && isDigit(b[i])) {
            i++;
        }
        if (i == start) {
            return -1;
        }
        if (i == to) {
            return to;
        }
        int point = i;
        if (b[i++] != '.') {
            return -1;
        }
        int fraction = i;
        while (i < to && isDigit(b[i])) {
            i++;
        }
        return i == to && i > fraction ? point : -1;
    }

    /** Whether every digit in {@code b[from, to)} is 0 (true for an empty range). */
    static boolean allZeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '0') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} starts with a minus sign. */
    static boolean negative(byte[] b, int from, int to) {
        return from < to && b[from] == '-';
    }

    /**
     * Parses the integer {@code [+-]?[0-9]+} in {@code b[from, to)} into {@code out[0]}; false when it is
     * outside the range of {@code long}.
     */
    static boolean parseLong(byte[] b, int from, int to, long[] out) {
        boolean negative = b[from] == '-';
        int i = negative || b[from] == '+' ? from + 1 : from;
        long value = 0; // accumulated negatively: Long.MIN_VALUE has no positive counterpart
        for (; i < to; i++) {
            int digit = b[i] - '0';
            if (value < Long.MIN_VALUE / 10 || (value == Long.MIN_VALUE / 10 && digit > 8)) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return false;
            }
            value = -value;
        }
        out[0] = value;
        return true;
    }

    /**
     * Writes the {@code numeric} of the plain decimal number in {@code b[from, to)} whose point is at
     * {@code point} ({@code to} when none). The display scale is the number of fraction digits written;
     * a negative zero is zero.
     */
    static void writeNumeric(BinaryRow row, byte[] b, int from, int to, int point) {
        boolean negative = b[from] == '-';
        int intStart = negative || b[from] == '+' ? from + 1 : from;
        while (intStart < point - 1 && b[intStart] == '0') {
            intStart++;
        }
        int fracStart = point < to ? point + 1 : to;
        Digits digits = new Digits(b, intStart, point, fracStart, to);
        int groups = digits.intGroups + (to - fracStart + DIGITS_PER_GROUP - 1) / DIGITS_PER_GROUP;
        int first = 0;
        while (first < groups && digits.group(first) == 0) {
            first++;
        }
        int last = groups - 1;
        while (last >= first && digits.group(last) == 0) {
            last--;
        }
        int count = last - first + 1;
        int mark = row.beginField();
        row.appendShort(count);
        row.appendShort(count == 0 ? 0 : digits.intGroups - 1 - first);
        row.appendShort(negative && count > 0 ? SIGN_NEGATIVE : SIGN_POSITIVE);
        row.appendShort(to - fracStart);
        for (int g = first; g <= last; g++) {
            row.appendShort(digits.group(g));
        }
        row.endField(mark);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The digits of a number aligned on base-10000 groups: the integer digits padded with zeros on the
     * left, the fraction digits padded on the right.
     */
    private static final class Digits {
        private final byte[] b;
        private final int intStart;
        private final int intEnd;
        private final int fracStart;
        private final int fracEnd;
        private final int pad;
        final int intGroups;

        Digits(byte[] b, int intStart, int intEnd, int fracStart, int fracEnd) {
            this.b = b;
            this.intStart = intStart;
            this.intEnd = intEnd;
            this.fracStart = fracStart;
            this.fracEnd = fracEnd;
            int intLength = intEnd - intStart;
            this.pad = (DIGITS_PER_GROUP - intLength % DIGITS_PER_GROUP) % DIGITS_PER_GROUP;
            this.intGroups = (pad + intLength) / DIGITS_PER_GROUP;
        }

        int group(int g) {
            int value = 0;
            for (int k = g * DIGITS_PER_GROUP; k < (g + 1) * DIGITS_PER_GROUP; k++) {
                value = value * 10 + digit(k);
            }
            return value;
        }

        /** Digit {@code k} of the padded sequence. */
        private int digit(int k) {
            int i = k - pad;
            if (i < 0) {
                return 0;
            }
            int intLength = intEnd - intStart;
            if (i < intLength) {
                return b[intStart + i] - '0';
            }
            int f = i - intLength;
            return f < fracEnd - fracStart ? b[fracStart + f] - '0' : 0;
        }
    }
}
