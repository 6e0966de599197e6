package io.heropixel.destination.postgres.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link MessageReader} needs of a message's {@code state} object, read from the token stream without
 * building a tree of it (a state may be large): its {@code type}, the stream descriptor of a STREAM state,
 * and the byte offsets where {@link StateLine} splices in {@code destinationStats}. Duplicate names are
 * read as a tree would read them: the last one wins.
 */
final class StateObject {
    /** The {@code type} as text (a non-string scalar as its JSON text); null when absent or JSON null. */
    String type;
    /** {@code stream.stream_descriptor}'s name and namespace, or null when it has no string name. */
    StreamDescriptor descriptor;
    /** The offsets of the object's braces. */
    int open;

    int close;
    /** The {@code destinationStats} values already in the object, as {@code [start, end)} pairs. */
    final List<int[]> statsValues = new ArrayList<>();

    private StateObject() {}

    /** Reads the object whose START_OBJECT is the parser's current token; leaves it on the END_OBJECT. */
    static StateObject read(JsonParser parser, byte[] line) throws IOException {
        StateObject state = new StateObject();
        state.open = offset(parser);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type" -> state.type = typeText(parser, value);
                case "stream" -> state.descriptor = streamDescriptor(parser, value);
                case "destinationStats" -> state.statsValues.add(valueRange(parser, value, line));
                default -> parser.skipChildren();
            }
        }
        state.close = offset(parser);
        return state;
    }

    private static String typeText(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.isStructStart()) {
            parser.skipChildren();
            return "";
        }
        return parser.getText();
    }

    private static StreamDescriptor streamDescriptor(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        StreamDescriptor descriptor = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if ("stream_descriptor".equals(field) && token == JsonToken.START_OBJECT) {
                descriptor = descriptor(parser.readValueAsTree());
            } else if ("stream_descriptor".equals(field)) {
                parser.skipChildren();
                descriptor = null;
            } else {
                parser.skipChildren(); // stream_state, which may be large, is not built into a tree
            }
        }
        return descriptor;
    }

    /** A descriptor from a {@code stream_descriptor} object, or null when it has no string name. */
    static StreamDescriptor descriptor(JsonNode node) {
        JsonNode name = node == null ? null : node.get("name");
        if (name == null || !name.isTextual()) {
            return null;
        }
        JsonNode namespace = node.get("namespace");
        return new StreamDescriptor(
                namespace != null && namespace.isTextual() ? namespace.asText() : null, name.asText());
    }

    /** The bytes of the value whose first token is current: {@code [start, end)}. */
    private static int[] valueRange(JsonParser parser, JsonToken value, byte[] line) throws IOException {
        int start = offset(parser);
        if (value.isStructStart()) {
            parser.skipChildren();
            return new int[] {start, offset(parser) + 1};
        }
        return new int[] {start, scalarEnd(line, start)};
    }

    /**
     * The end of the string, number or literal at {@code start} of a line the parser accepted: a string
     * ends after its closing quote, anything else at the first delimiter.
     */
    private static int scalarEnd(byte[] line, int start) {
        if (line[start] == '"') {
            int i = start + 1;
            while (i < line.length && line[i] != '"') {
                i += line[i] == '\\' ? 2 : 1;
            }
            return Math.min(i + 1, line.length); // past the end only on a line the parser then rejects
        }
        int i = start;
        while (i < line.length && !isDelimiter(line[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDelimiter(byte b) {
        return b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getByteOffset();
    }
}
