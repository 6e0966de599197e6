package io.heropixel.destination.postgres.load;

/**
 * Scans raw JSON text (valid UTF-8 JSON, already checked by the parser that found the token) for the end
 * of a scalar token, and writes a JSON string's value.
 */
final class JsonText {
    private JsonText() {}

    /** The index just past the closing quote of the string whose opening quote is at {@code start}. */
    static int stringEnd(byte[] b, int start) {
        int i = start + 1;
        while (b[i] != '"') {
            i += b[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    /** Whether {@code b[from, to)} contains a backslash. */
    static boolean hasEscape(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The index just past the number token that starts at {@code start}. */
    static int numberEnd(byte[] b, int start, int limit) {
        int i = start;
        while (i < limit && isNumberChar(b[i])) {
            i++;
        }
        return i;
    }

    /** Whether the number token {@code b[from, to)} has an exponent. */
    static boolean hasExponent(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 'e' || b[i] == 'E') {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    /**
     * Appends the UTF-8 value of the JSON string contents {@code b[from, to)} (between the quotes), with
     * its escapes resolved, to the current field of {@code row}. Returns false, having written part of it,
     * when it holds a surrogate or NUL escape (such records are cleaned, not typed here).
     */
    static boolean appendUnescaped(byte[] b, int from, int to, BinaryRow row) {
        int run = from;
        int i = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            row.append(b, run, i - run);
            byte e = b[i + 1];
            if (e == 'u') {
                int c = hex(b, i + 2);
                if (c == 0 || Character.isSurrogate((char) c)) {
                    return false;
                }
                appendUtf8(c, row);
                i += 6;
            } else {
                row.append(
                        switch (e) {
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            default -> e; // '"', '\\', '/'
                        });
                i += 2;
            }
            run = i;
        }
        row.append(b, run, to - run);
        return true;
    }

    private static int hex(byte[] b, int at) {
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            int c = b[i];
            int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            value = value * 16 + digit;
        }
        return value;
    }

    private static void appendUtf8(int c, BinaryRow row) {
        if (c < 0x80) {
            row.append(c);
        } else if (c < 0x800) {
            row.append(0xc0 | (c >> 6));
            row.append(0x80 | (c & 0x3f));
        } else {
            row.append(0xe0 | (c >> 12));
            row.append(0x80 | ((c >> 6) & 0x3f));
            row.append(0x80 | (c & 0x3f));
        }
    }
}
