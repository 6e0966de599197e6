package io.heropixel.destination.postgres.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes record data acceptable to Postgres {@code jsonb}: removes {@code \u0000} from every string value,
 * array element and key, and replaces unpaired UTF-16 surrogates with U+FFFD. Callers first check the raw
 * bytes with {@link #mayNeedCleaning(byte[], int, int)}, so the tree is only built for the rare records
 * that carry such escapes.
 */
public final class JsonSanitizer {
    private static final char REPLACEMENT = '\uFFFD';

    private JsonSanitizer() {}

    /**
     * True when the JSON text in {@code bytes[start, end)} contains a {@code \u0000} escape or an escaped
     * surrogate ({@code \uD800}-{@code \uDFFF}). Raw NUL bytes and raw surrogates cannot occur in valid
     * JSON/UTF-8, so escapes are the only way these characters arrive. False positives (for example an
     * escaped backslash followed by {@code u0000}) only cost a tree walk that finds nothing.
     */
    public static boolean mayNeedCleaning(byte[] bytes, int start, int end) {
        for (int i = start; i + 5 < end; i++) {
            if (bytes[i] != '\\' || bytes[i + 1] != 'u') {
                continue;
            }
            byte a = bytes[i + 2];
            byte b = bytes[i + 3];
            if (a == '0' && b == '0' && bytes[i + 4] == '0' && bytes[i + 5] == '0') {
                return true;
            }
            if ((a == 'd' || a == 'D') && isSurrogateSecondDigit(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSurrogateSecondDigit(byte b) {
        return (b >= '8' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /**
     * Cleans a record's data in place and returns the top-level properties that changed (for nested
     * values the top-level property that contains them), in order.
     */
    public static List<String> cleanData(ObjectNode data) {
        Set<String> changed = new LinkedHashSet<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        data.fields().forEachRemaining(entries::add);
        boolean keysChanged = false;
        for (Map.Entry<String, JsonNode> entry : entries) {
            String key = clean(entry.getKey());
            Holder holder = new Holder();
            JsonNode value = clean(entry.getValue(), holder);
            if (!key.equals(entry.getKey())) {
                keysChanged = true;
                holder.changed = true;
            }
            if (holder.changed) {
                changed.add(key);
            }
            entry.setValue(value);
        }
        if (keysChanged || !changed.isEmpty()) {
            data.removeAll();
            for (Map.Entry<String, JsonNode> entry : entries) {
                String key = clean(entry.getKey());
                if (!data.has(key)) {
                    data.set(key, entry.getValue());
                }
            }
        }
        return new ArrayList<>(changed);
    }

    /** Cleans any JSON value (used for source meta changes); returns the cleaned value. */
    public static JsonNode cleanValue(JsonNode value) {
        return clean(value, new Holder());
    }

    private static JsonNode clean(JsonNode value, Holder holder) {
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
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
            object.fields().forEachRemaining(entries::add);
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

    private static final class Holder {
        boolean changed;
    }
}
