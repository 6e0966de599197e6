package io.heropixel.destination.postgres.protocol;

/**
 * A strict JSON scanner over UTF-8 bytes for the common case: it finds where a value ends and checks the
 * value is valid JSON and valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF), and
 * answers {@link #FAIL} for anything else, including valid JSON it does not take on (nesting deeper than
 * {@value #MAX_DEPTH}, numbers longer than {@value #MAX_NUMBER} bytes, names longer than
 * {@value #MAX_NAME} bytes). Whatever it accepts, Jackson
 * accepts too, so a caller that falls back to Jackson on {@link #FAIL} behaves exactly as Jackson alone,
 * errors included, only faster.
 */
public final class JsonScan {
    /** The answer for input this scanner does not accept. */
    public static final int FAIL = -1;

    private static final int MAX_DEPTH = 63;
    private static final int MAX_NUMBER = 1000;
    /** Longest property name taken on, in bytes (Jackson's limit is 50,000 characters). */
    static final int MAX_NAME = 1000;

    private JsonScan() {}

    /** The first index at or after {@code i} that is not JSON whitespace. */
    public static int whitespace(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The index just past the value starting at {@code i} (no whitespace before it), or {@link #FAIL}. */
    public static int value(byte[] b, int i, int end) {
        if (i >= end) {
            return FAIL;
        }
        byte c = b[i];
        return c == '{' || c == '[' ? container(b, i, end) : scalar(b, i, end);
    }

    /** The index just past the closing quote of the string whose opening quote is at {@code i}, or FAIL. */
    public static int string(byte[] b, int i, int end) {
        i++;
        while (i < end) {
            if (i + 8 <= end) {
                long word = WordScan.word(b, i);
                long special = WordScan.equalTo(word, (byte) '"')
                        | WordScan.equalTo(word, (byte) '\\')
                        | WordScan.below(word, 0x20)
                        | WordScan.nonAscii(word);
                if (special == 0) {
                    i += 8;
                    continue;
                }
                i += WordScan.firstByte(special);
            }
            int c = b[i];
            if (c >= 0x20) {
                if (c == '"') {
                    return i + 1;
                }
                if (c == '\\') {
                    i = escape(b, i, end);
                    if (i < 0) {
                        return FAIL;
                    }
                } else {
                    i++;
                }
            } else if (c < 0) {
                int n = utf8Length(b, i, end);
                if (n < 0) {
                    return FAIL;
                }
                i += n;
            } else {
                return FAIL; // an unescaped control character
            }
        }
        return FAIL;
    }

    private static int escape(byte[] b, int i, int end) {
        if (i + 1 >= end) {
            return FAIL;
        }
        byte e = b[i + 1];
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
            return i + 2;
        }
        if (e != 'u' || i + 6 > end) {
            return FAIL;
        }
        for (int k = i + 2; k < i + 6; k++) {
            int h = b[k];
            if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                return FAIL;
            }
        }
        return i + 6;
    }

    /** The length of the strictly valid multi-byte UTF-8 sequence at {@code i}, or FAIL. */
    private static int utf8Length(byte[] b, int i, int end) {
        int b0 = b[i] & 0xFF;
        int n;
        int min = 0x80;
        int max = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            min = b0 == 0xE0 ? 0xA0 : min; // no overlong forms
            max = b0 == 0xED ? 0x9F : max; // no surrogates
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            min = b0 == 0xF0 ? 0x90 : min; // no overlong forms
            max = b0 == 0xF4 ? 0x8F : max; // nothing above U+10FFFF
        } else {
            return FAIL;
        }
        if (i + n > end) {
            return FAIL;
        }
        int b1 = b[i + 1] & 0xFF;
        if (b1 < min || b1 > max) {
            return FAIL;
        }
        for (int k = i + 2; k < i + n; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return FAIL;
            }
        }
        return n;
    }

    private static int scalar(byte[] b, int i, int end) {
        byte c = b[i];
        return switch (c) {
            case '"' -> string(b, i, end);
            case 't' -> literal(b, i, end, "true");
            case 'f' -> literal(b, i, end, "false");
            case 'n' -> literal(b, i, end, "null");
            default -> c == '-' || (c >= '0' && c <= '9') ? number(b, i, end) : FAIL;
        };
    }

    private static int literal(byte[] b, int i, int end, String word) {
        int n = word.length();
        if (i + n > end) {
            return FAIL;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return FAIL;
            }
        }
        return i + n;
    }

    /** The index just past the RFC 8259 number at {@code i}, or FAIL. */
    public static int number(byte[] b, int i, int end) {
        int start = i;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return FAIL;
        }
        if (b[i] == '0') {
            i++;
        } else if (isDigit(b[i])) {
            i = digits(b, i + 1, end);
        } else {
            return FAIL;
        }
        if (i < end && b[i] == '.') {
            if (i + 1 >= end || !isDigit(b[i + 1])) {
                return FAIL;
            }
            i = digits(b, i + 2, end);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i >= end || !isDigit(b[i])) {
                return FAIL;
            }
            i = digits(b, i + 1, end);
        }
        return i - start > MAX_NUMBER ? FAIL : i;
    }

    private static int digits(byte[] b, int i, int end) {
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** An object or array starting at {@code i}, nesting kept in a bit set (bit d: level d is an object). */
    private static int container(byte[] b, int i, int end) {
        long objects = 0;
        int depth = 0;
        while (true) {
            // i: the start of a value, or FAIL from the member name before it
            if (i < 0 || i >= end) {
                return FAIL;
            }
            byte c = b[i];
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return FAIL;
                }
                boolean object = c == '{';
                objects = object ? objects | (1L << depth) : objects & ~(1L << depth);
                depth++;
                i = whitespace(b, i + 1, end);
                if (i < end && b[i] == (object ? '}' : ']')) {
                    depth--;
                    i++;
                } else {
                    if (object) {
                        i = member(b, i, end);
                    }
                    continue;
                }
            } else {
                i = scalar(b, i, end);
                if (i < 0) {
                    return FAIL;
                }
            }
            // after a value: a separator, or the end of one or more containers
            while (true) {
                if (depth == 0) {
                    return i;
                }
                i = whitespace(b, i, end);
                if (i >= end) {
                    return FAIL;
                }
                boolean object = ((objects >>> (depth - 1)) & 1) != 0;
                c = b[i];
                if (c == ',') {
                    i = whitespace(b, i + 1, end);
                    if (object) {
                        i = member(b, i, end);
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    return FAIL;
                }
                depth--;
                i++;
            }
        }
    }

    /** A member's name and colon at {@code i}; the index of its value, or FAIL. */
    private static int member(byte[] b, int i, int end) {
        if (i >= end || b[i] != '"') {
            return FAIL;
        }
        int start = i;
        i = string(b, i, end);
        if (i < 0 || i - start > MAX_NAME) {
            return FAIL;
        }
        i = whitespace(b, i, end);
        if (i >= end || b[i] != ':') {
            return FAIL;
        }
        return whitespace(b, i + 1, end);
    }
}
