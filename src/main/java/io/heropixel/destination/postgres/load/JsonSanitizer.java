package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.heropixel.destination.postgres.protocol.WordScan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes record data acceptable to Postgres {@code jsonb}: removes {@code \u0000} from every string value,
 * array element and key, and replaces unpaired UTF-16 surrogates with U+FFFD. Callers first check the raw
 * bytes with {@link #mayNeedCleaning(byte[], int, int)}, so the tree is only built for the rare records
 * that carry such escapes.
 */
public final class JsonSanitizer {
    private static final char REPLACEMENT = '\uFFFD';
    /** Postgres numeric limits: digits before the decimal point, and after it. */
    private static final int MAX_INTEGER_DIGITS = 131_072;

    private static final int MAX_SCALE = 16_383;
    /** Byte patterns that may hold a number outside those limits. */
    private static final int LONG_DIGIT_RUN = 10_000;

    private static final int LONG_EXPONENT = 5;

    /** The 0x20 bit in every byte: ORed in, it turns 'E' into 'e'. */
    private static final long LOWER_CASE = 0x2020202020202020L;

    private JsonSanitizer() {}

    /**
     * True when the JSON text in {@code bytes[start, end)} contains a {@code \u0000} escape or an escaped
     * surrogate ({@code \uD800}-{@code \uDFFF}). Raw NUL bytes and raw surrogates cannot occur in valid
     * JSON/UTF-8, so escapes are the only way these characters arrive. False positives (for example an
     * escaped backslash followed by {@code u0000}) only cost a tree walk that finds nothing.
     */
    public static boolean mayNeedCleaning(byte[] bytes, int start, int end) {
        // one tight pass for the two rare bytes that matter (backslash, exponent letter); the digit-run
        // check only for data long enough to hold such a run
        int i = start;
        // eight bytes at a time up to the next backslash or e/E
        while ((i = WordScan.skipWordsWithout(bytes, i, end, (byte) '\\', (byte) 'e', LOWER_CASE)) < end) {
            byte c = bytes[i];
            if (c == '\\') {
                if (isNulOrSurrogateEscape(bytes, i, end)) {
                    return true;
                }
                i++; // the escaped character
            } else if ((c | 0x20) == 'e' && i > start && isDigit(bytes[i - 1]) && hasLongExponent(bytes, i + 1, end)) {
                return true;
            }
            i++;
        }
        return end - start >= LONG_DIGIT_RUN && hasLongDigitRun(bytes, start, end);
    }

    /** True at a {@code \u0000} or {@code \uD800}-{@code \uDFFF} escape starting at {@code i}. */
    private static boolean isNulOrSurrogateEscape(byte[] bytes, int i, int end) {
        if (i + 5 >= end || bytes[i + 1] != 'u') {
            return false;
        }
        byte a = bytes[i + 2];
        byte b = bytes[i + 3];
        return (a == '0' && b == '0' && bytes[i + 4] == '0' && bytes[i + 5] == '0')
                || ((a == 'd' || a == 'D') && isSurrogateSecondDigit(b));
    }

    private static boolean hasLongDigitRun(byte[] bytes, int start, int end) {
        int digits = 0;
        for (int i = start; i < end; i++) {
            if (isDigit(bytes[i])) {
                if (++digits >= LONG_DIGIT_RUN) {
                    return true;
                }
            } else {
                digits = 0;
            }
        }
        return false;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** True when an exponent of at least {@link #LONG_EXPONENT} digits starts at {@code from}. */
    private static boolean hasLongExponent(byte[] bytes, int from, int end) {
        int i = from;
        if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(bytes[i]) && digits < LONG_EXPONENT) {
            digits++;
            i++;
        }
        return digits >= LONG_EXPONENT;
    }

    private static boolean isSurrogateSecondDigit(byte b) {
        return (b >= '8' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** A change made to one top-level property: {@code TRUNCATED} (text cleaned) or {@code NULLED}. */
    public record FieldChange(String field, String change) {}

    /**
     * Cleans a record's data in place and returns, per changed top-level property (for nested values the
     * top-level property that contains them), what was done, in order. Text is cleaned (TRUNCATED); a number
     * Postgres cannot store becomes JSON null (NULLED).
     */
    public static List<FieldChange> cleanData(ObjectNode data) {
        List<FieldChange> changes = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(data.properties());
        boolean changed = false;
        for (Map.Entry<String, JsonNode> entry : entries) {
            String key = clean(entry.getKey());
            Holder holder = new Holder();
            JsonNode value = clean(entry.getValue(), holder);
            if (!key.equals(entry.getKey())) {
                holder.changed = true;
            }
            if (holder.changed) {
                changes.add(new FieldChange(key, "TRUNCATED"));
            }
            if (holder.nulled) {
                changes.add(new FieldChange(key, "NULLED"));
            }
            changed |= holder.changed || holder.nulled;
            entry.setValue(value);
        }
        if (changed) {
            data.removeAll();
            for (Map.Entry<String, JsonNode> entry : entries) {
                String key = clean(entry.getKey());
                if (!data.has(key)) {
                    data.set(key, entry.getValue());
                }
            }
        }
        return changes;
    }

    /** Cleans any JSON value (used for source meta changes); returns the cleaned value. */
    public static JsonNode cleanValue(JsonNode value) {
        return clean(value, new Holder());
    }

    private static JsonNode clean(JsonNode value, Holder holder) {
        if (value.isNumber() && !fitsNumeric(value)) {
            holder.nulled = true;
            return NullNode.getInstance();
        }
        if (value.isTextual()) {
            String text = value.textValue();
            String cleaned = clean(text);
            if (cleaned.equals(text)) {
                return value;
            }
            holder.changed = true;
            return TextNode.valueOf(cleaned);
        }
        if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode cleaned = clean(element, holder);
                if (cleaned != element) {
                    array.set(i, cleaned);
                }
            }
            return array;
        }
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            boolean keysChanged = false;
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!clean(name).equals(name)) {
                    keysChanged = true;
                    break;
                }
            }
            ObjectNode target = keysChanged ? JsonNodeFactory.instance.objectNode() : object;
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> entry : entries) {
                JsonNode cleaned = clean(entry.getValue(), holder);
                if (keysChanged) {
                    String key = clean(entry.getKey());
                    if (!target.has(key)) {
                        target.set(key, cleaned);
                    }
                } else if (cleaned != entry.getValue()) {
                    object.set(entry.getKey(), cleaned);
                }
            }
            if (keysChanged) {
                holder.changed = true;
            }
            return target;
        }
        return value;
    }

    /** The text without NUL characters and with unpaired surrogates replaced by U+FFFD. */
    static String clean(String text) {
        StringBuilder out = null;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean drop = c == '\0';
            boolean replace = false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replace = true;
            } else if (Character.isLowSurrogate(c)) {
                replace = true;
            }
            if (drop || replace) {
                if (out == null) {
                    out = new StringBuilder(length);
                    out.append(text, 0, i);
                }
                if (replace) {
                    out.append(REPLACEMENT);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Whether Postgres numeric (and so jsonb) can hold the number. */
    static boolean fitsNumeric(JsonNode number) {
        if (!number.isBigDecimal() && !number.isBigInteger()) {
            return true;
        }
        BigDecimal value = number.decimalValue();
        if (value.signum() == 0) {
            return true;
        }
        long integerDigits = (long) value.precision() - value.scale();
        return integerDigits <= MAX_INTEGER_DIGITS && value.scale() <= MAX_SCALE;
    }

    private static final class Holder {
        boolean changed;
        boolean nulled;
    }
}
