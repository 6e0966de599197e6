package io.heropixel.destination.postgres.protocol;

/**
 * Finds where values end in JSON that was already checked (by {@link JsonScan} or by Jackson, as the
 * reader checks every record's data), without checking it again. Input that is not valid JSON gives
 * meaningless ends, but never an index past {@code end}: {@link JsonScan#FAIL} instead.
 */
public final class CheckedJson {
    /** The bytes that may appear in a number token. */
    private static final boolean[] NUMBER_BYTES = new boolean[128];

    static {
        for (char c : "0123456789-+.eE".toCharArray()) {
            NUMBER_BYTES[c] = true;
        }
    }

    private CheckedJson() {}

    /**
     * For JSON already checked (by this class or by Jackson): the index just past the value at {@code i},
     * found without checking it again, or {@link JsonScan#FAIL} when it would run past {@code end}.
     */
    public static int skipValid(byte[] b, int i, int end) {
        if (i >= end) {
            return JsonScan.FAIL;
        }
        switch (b[i]) {
            case '"':
                return stringEndValid(b, i, end);
            case '{', '[':
                return containerEndValid(b, i, end);
            case 't', 'n':
                return i + 4 <= end ? i + 4 : JsonScan.FAIL;
            case 'f':
                return i + 5 <= end ? i + 5 : JsonScan.FAIL;
            default:
                while (i < end && isNumberByte(b[i])) {
                    i++;
                }
                return i;
        }
    }

    /** The index just past the closing quote of a checked string, or FAIL past {@code end}. */
    public static int stringEndValid(byte[] b, int i, int end) {
        i++;
        while ((i = WordScan.skipWordsWithout(b, i, end, (byte) '"', (byte) '\\', 0)) < end) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            i += c == '\\' ? 2 : 1;
        }
        return JsonScan.FAIL;
    }

    private static int containerEndValid(byte[] b, int i, int end) {
        int depth = 0;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                i = stringEndValid(b, i, end);
                if (i < 0) {
                    return JsonScan.FAIL;
                }
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return JsonScan.FAIL;
    }

    private static boolean isNumberByte(byte c) {
        return c >= 0 && NUMBER_BYTES[c];
    }
}
