package io.heropixel.destination.postgres.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code write} command's stdin: UTF-8 JSON lines, one Airbyte message per line, empty lines
 * ignored, no line-length limit. A RECORD's {@code data} is validated by the parser but not built into a
 * tree (see {@link InputMessage.Record}). Bad input raises a {@link ConfigException} naming the line.
 *
 * <p>Message types of the protocol that a destination does not act on (LOG, CONTROL, SPEC, TRACE other
 * than STREAM_STATUS, ...) are returned as {@link InputMessage.Ignored}; a type the protocol does not
 * define is an error, since it means the input is not what the platform sends.
 */
public final class MessageReader {
    private static final Set<String> IGNORED_TYPES =
            Set.of("LOG", "SPEC", "CONNECTION_STATUS", "CATALOG", "CONTROL", "DESTINATION_CATALOG", "TRACE");
    private static final String FIX_INPUT =
            "Each stdin line must be one Airbyte protocol message as JSON; check the source or the program"
                    + " that feeds this destination.";

    private final LineReader lines;
    private final FastRecordLine fast = new FastRecordLine();

    public MessageReader(InputStream in) {
        this.lines = new LineReader(requireNonNull(in, "in is null"));
    }

    /** Bytes read from the input so far. */
    public long bytesRead() {
        return lines.bytesRead();
    }

    /** The next message, or null at the end of the input. */
    public InputMessage next() throws IOException {
        while (true) {
            byte[] line = lines.next();
            if (line == null) {
                return null;
            }
            if (isBlank(line)) {
                continue;
            }
            return parse(fast, lines.lineNumber(), line);
        }
    }

    /** Parses one non-blank line. */
    public static InputMessage parse(long lineNumber, byte[] line) {
        return parse(new FastRecordLine(), lineNumber, line);
    }

    private static InputMessage parse(FastRecordLine fast, long lineNumber, byte[] line) {
        InputMessage record = fast.read(lineNumber, line);
        return record != null ? record : parseWithJackson(lineNumber, line);
    }

    /** {@link #parse} without the fast path (which must give the same answers). */
    static InputMessage parseWithJackson(long lineNumber, byte[] line) {
        try (JsonParser parser = ProtocolJson.mapper().getFactory().createParser(line)) {
            return new LineParser(lineNumber, line, parser).parse();
        } catch (JsonProcessingException e) {
            String problem = "the line is not valid JSON" + JsonSyntax.position(e) + ": " + JsonSyntax.problem(e, true);
            throw InputErrors.at(lineNumber, null, line, problem + ".", FIX_INPUT);
        } catch (NumberFormatException e) {
            // valid JSON, but a number (such as 17e7200000000) that cannot be read as a Java number
            throw InputErrors.at(
                    lineNumber,
                    null,
                    line,
                    "a number in the line is too large to read (its exponent is out of range).",
                    FIX_INPUT);
        } catch (IOException e) {
            throw new IllegalStateException("Reading from a byte array failed", e);
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Parses one line; a new instance per line. */
    private static final class LineParser {
        private final long lineNumber;
        private final byte[] line;
        private final JsonParser parser;
        private String type;
        private StateObject state;
        private int messageStart;
        private int messageEnd;
        private JsonNode trace;
        private String stream;
        private String namespace;
        private boolean hasRecord;
        private JsonNode emittedAt;
        private JsonNode meta;
        private int dataStart = -1;
        private int dataEnd = -1;
        private JsonToken dataToken;

        LineParser(long lineNumber, byte[] line, JsonParser parser) {
            this.lineNumber = lineNumber;
            this.line = line;
            this.parser = parser;
        }

        InputMessage parse() throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw error(null, "the line is not a JSON object.", FIX_INPUT);
            }
            messageStart = (int) parser.currentTokenLocation().getByteOffset();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "record" -> readRecord(value);
                    case "state" -> state = readState(value);
                    case "trace" -> trace = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
            messageEnd = (int) parser.currentTokenLocation().getByteOffset() + 1;
            if (parser.nextToken() != null) {
                throw error(null, "there is more than one JSON value on the line.", FIX_INPUT);
            }
            if (type == null) {
                throw error(null, "the message has no \"type\".", FIX_INPUT);
            }
            return switch (type) {
                case "RECORD" -> record();
                case "STATE" -> state();
                case "TRACE" -> trace();
                default -> {
                    if (IGNORED_TYPES.contains(type)) {
                        yield new InputMessage.Ignored(lineNumber, type);
                    }
                    throw error(
                            null,
                            "unknown message type '" + type + "'.",
                            "A destination accepts RECORD and STATE messages (and ignores LOG, TRACE and"
                                    + " CONTROL); check the program that feeds this destination.");
                }
            };
        }

        private void readRecord(JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            hasRecord = true;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "stream" -> stream = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "namespace" -> namespace = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "emitted_at" -> emittedAt = parser.readValueAsTree();
                    case "meta" -> meta = parser.readValueAsTree();
                    case "data" -> {
                        dataToken = token;
                        dataStart = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        dataEnd = (int) parser.currentTokenLocation().getByteOffset() + 1;
                    }
                    default -> parser.skipChildren();
                }
            }
        }

        private StateObject readState(JsonToken value) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            return StateObject.read(parser, line);
        }

        private InputMessage record() {
            if (!hasRecord) {
                throw error(null, "the RECORD message has no \"record\" object.", FIX_INPUT);
            }
            if (stream == null || stream.isEmpty()) {
                throw error(null, "the record has no \"stream\" name.", FIX_INPUT);
            }
            StreamDescriptor descriptor = new StreamDescriptor(namespace, stream);
            if (dataToken == null || dataToken == JsonToken.VALUE_NULL) {
                throw error(
                        descriptor,
                        "the record has no \"data\".",
                        "Every RECORD needs a \"data\" object; check the source.");
            }
            if (dataToken != JsonToken.START_OBJECT) {
                throw error(
                        descriptor,
                        "the record's \"data\" is not a JSON object.",
                        "Every RECORD needs a \"data\" object; check the source.");
            }
            requireUtf8(descriptor, "the record's \"data\"", dataStart, dataEnd);
            long emitted = emittedAt != null && emittedAt.isNumber() ? emittedAt.asLong() : System.currentTimeMillis();
            JsonNode changes = meta != null && meta.path("changes").isArray() ? meta.get("changes") : null;
            return new InputMessage.Record(lineNumber, descriptor, emitted, line, dataStart, dataEnd, changes);
        }

        private InputMessage state() {
            if (state == null) {
                throw error(null, "the STATE message has no \"state\" object.", FIX_INPUT);
            }
            requireUtf8(null, "the STATE message", messageStart, messageEnd);
            StateLine echo = new StateLine(line, messageStart, messageEnd, state);
            String kind = state.type;
            if (kind == null || "LEGACY".equals(kind)) {
                return new InputMessage.State(lineNumber, echo, InputMessage.StateKind.LEGACY, Optional.empty());
            }
            if ("GLOBAL".equals(kind)) {
                return new InputMessage.State(lineNumber, echo, InputMessage.StateKind.GLOBAL, Optional.empty());
            }
            if ("STREAM".equals(kind)) {
                if (state.descriptor == null) {
                    throw error(
                            null,
                            "the STREAM state has no stream.stream_descriptor.name.",
                            "A STREAM state must name its stream; check the source.");
                }
                return new InputMessage.State(
                        lineNumber, echo, InputMessage.StateKind.STREAM, Optional.of(state.descriptor));
            }
            throw error(
                    null,
                    "unknown state type '" + kind + "'.",
                    "State types are STREAM, GLOBAL and LEGACY; check the source.");
        }

        private InputMessage trace() {
            if (trace == null || !"STREAM_STATUS".equals(trace.path("type").asText())) {
                return new InputMessage.Ignored(lineNumber, "TRACE");
            }
            JsonNode status = trace.path("stream_status");
            StreamDescriptor descriptor = StateObject.descriptor(status.path("stream_descriptor"));
            if (descriptor == null || !status.path("status").isTextual()) {
                throw error(
                        null,
                        "the STREAM_STATUS trace has no stream_descriptor.name or no status.",
                        "Check the program that feeds this destination.");
            }
            return new InputMessage.StreamStatus(
                    lineNumber, descriptor, status.get("status").asText());
        }

        /** Fails when {@code line[start, end)} is not strictly valid UTF-8, naming {@code what} and the byte. */
        private void requireUtf8(StreamDescriptor stream, String what, int start, int end) {
            int invalid = StrictUtf8.firstInvalid(line, start, end);
            if (invalid >= 0) {
                throw error(
                        stream,
                        what + " is not valid UTF-8 (byte " + (invalid + 1) + " of the line).",
                        "Send text as UTF-8 (overlong forms, encoded surrogates and code points above U+10FFFF"
                                + " are not UTF-8); check the source's encoding.");
            }
        }

        private ConfigException error(StreamDescriptor stream, String problem, String advice) {
            return InputErrors.at(lineNumber, stream, line, problem, advice);
        }
    }
}
