package io.heropixel.destination.postgres.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.error.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageReaderTest {

    private static List<InputMessage> readAll(String input) throws Exception {
        MessageReader reader = new MessageReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        List<InputMessage> messages = new ArrayList<>();
        InputMessage message;
        while ((message = reader.next()) != null) {
            messages.add(message);
        }
        return messages;
    }

    @Test
    void readsRecordsWithDataBytesAndSkipsBlankLines() throws Exception {
        List<InputMessage> messages =
                readAll("\n  \r\n{\"record\":{\"data\":{\"a\": [1, {\"b\":\"}\"}]},\"stream\":\"s\","
                        + "\"namespace\":\"\",\"emitted_at\":5},\"type\":\"RECORD\"}\r\n\n");

        assertThat(messages).hasSize(1);
        InputMessage.Record record = (InputMessage.Record) messages.get(0);
        assertThat(record.lineNumber()).isEqualTo(3);
        assertThat(record.stream()).isEqualTo(new StreamDescriptor(null, "s"));
        assertThat(record.emittedAt()).isEqualTo(5);
        assertThat(new String(record.line(), record.dataStart(), record.dataLength(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\": [1, {\"b\":\"}\"}]}");
    }

    @Test
    void classifiesStatesStatusesAndIgnoredTypes() throws Exception {
        List<InputMessage> messages = readAll(String.join(
                "\n",
                "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"s\"}}}}",
                "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{}}}",
                "{\"type\":\"STATE\",\"state\":{\"data\":{\"x\":1}}}",
                "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"stream_status\":{\"stream_descriptor\":"
                        + "{\"name\":\"s\",\"namespace\":\"n\"},\"status\":\"COMPLETE\"}}}",
                "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\"}}",
                "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"m\"}}",
                "{\"type\":\"CONTROL\",\"control\":{}}"));

        assertThat(messages.get(0)).isInstanceOfSatisfying(InputMessage.State.class, s -> {
            assertThat(s.kind()).isEqualTo(InputMessage.StateKind.STREAM);
            assertThat(s.stream()).contains(new StreamDescriptor(null, "s"));
        });
        assertThat(((InputMessage.State) messages.get(1)).kind()).isEqualTo(InputMessage.StateKind.GLOBAL);
        assertThat(((InputMessage.State) messages.get(2)).kind()).isEqualTo(InputMessage.StateKind.LEGACY);
        assertThat(messages.get(3))
                .isEqualTo(new InputMessage.StreamStatus(4, new StreamDescriptor("n", "s"), "COMPLETE"));
        assertThat(messages.subList(4, 7)).allMatch(m -> m instanceof InputMessage.Ignored);
    }

    @Test
    void badLinesNameTheLineTheStreamAndShowAnExcerpt() {
        String longJunk = "x".repeat(5000);
        assertThatThrownBy(() -> readAll("\n{\"type\":\"RECORD\"\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Input line 2")
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> readAll("{\"type\":\"RECORD\",\"x\":\"" + longJunk))
                .hasMessageContaining("Input line 1")
                .hasMessageContaining("... (")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(800));
        assertThatThrownBy(() -> readAll("{\"type\":\"FOO\"}")).hasMessageContaining("unknown message type 'FOO'");
        assertThatThrownBy(() -> readAll("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":\"n\"}}"))
                .hasMessageContaining("(stream 'n.s')")
                .hasMessageContaining("no \"data\"");
        assertThatThrownBy(() -> readAll("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":[1]}}"))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> readAll("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}} x"))
                .hasMessageContaining("Input line 1");
    }

    @Test
    void aNumberJacksonCannotReadIsAnInputErrorNamingTheLine() {
        // found by FastRecordLineTest's fuzzing: Jackson's number conversion threw NumberFormatException
        assertThatThrownBy(() -> readAll("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":"
                        + "17e7200000000,\"data\":{}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Input line 1")
                .hasMessageContaining("number");
    }

    @Test
    void readsLinesLongerThanAnyBuffer() throws Exception {
        String value = "é".repeat(3_000_000);
        List<InputMessage> messages = readAll("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"v\":\""
                + value + "\"}}}\n{\"type\":\"LOG\"}");
        InputMessage.Record record = (InputMessage.Record) messages.get(0);
        assertThat(record.dataLength()).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length + 8);
        assertThat(messages.get(1).lineNumber()).isEqualTo(2);
    }
}
