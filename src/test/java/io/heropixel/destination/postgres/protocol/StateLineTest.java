package io.heropixel.destination.postgres.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.error.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The STATE echo is the received bytes with only destinationStats spliced in. */
class StateLineTest {

    private static InputMessage.State read(byte[] line) throws Exception {
        return (InputMessage.State) new MessageReader(new ByteArrayInputStream(line)).next();
    }

    private static String echo(String line, long count) throws Exception {
        return new String(read(line.getBytes(StandardCharsets.UTF_8)).line().echo(count), StandardCharsets.UTF_8);
    }

    @Test
    void keepsEscapesNumberTextAndUnknownFieldsAndAddsStatsAtTheEndOfTheState() throws Exception {
        String state = "{\"type\":\"STATE\",\"before\":{\"x\":[1.0]},\"state\":{\"type\":\"GLOBAL\","
                + "\"global\":{\"shared_state\":{\"s\":\"\\ud800 \\u00E9\\uD83D\\uDE00 \\/ \\\"q\\\" é\","
                + "\"n\":[1.0,2.50,-0.0,1E400,123456789012345678901234567890.000]},\"stream_states\":[]},"
                + "\"id\":17,\"sourceStats\":{\"recordCount\":3.0}},\"after\":\"\\u0000\"}";

        assertThat(echo(state, 3))
                .isEqualTo(state.replace(
                        "\"recordCount\":3.0}}", "\"recordCount\":3.0},\"destinationStats\":{\"recordCount\":3.0}}"));
    }

    @Test
    void keepsPrettyWhitespaceAndPutsStatsRightAfterTheLastMember() throws Exception {
        String state = "{ \"type\" : \"STATE\" ,\t\"state\" : {"
                + " \"type\" : \"STREAM\" , \"stream\" : { \"stream_descriptor\" : { \"name\" : \"s\" } ,"
                + " \"stream_state\" : { \"c\" : 1.10 } } ,  \"id\" : 1   } , \"extra\" : [ 1 , 2 ] }";

        assertThat(echo(state, 12))
                .isEqualTo(
                        state.replace("\"id\" : 1   }", "\"id\" : 1,\"destinationStats\":{\"recordCount\":12.0}   }"));
        assertThat(read(state.getBytes(StandardCharsets.UTF_8)).stream()).contains(new StreamDescriptor(null, "s"));
    }

    @Test
    void replacesDestinationStatsTheStateAlreadyHasInPlace() throws Exception {
        String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"destinationStats\":"
                + "{\"recordCount\":99.0,\"rejectedRecordCount\":1.0},\"global\":{},\"destination\\u0053tats\":7}}";

        assertThat(echo(state, 4))
                .isEqualTo("{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"destinationStats\":"
                        + "{\"recordCount\":4.0},\"global\":{},\"destination\\u0053tats\":{\"recordCount\":4.0}}}");
        assertThat(echo("{\"type\":\"STATE\",\"state\":{\"destinationStats\" : \"x\\\"}\" ,\"data\":{}}}", 0))
                .isEqualTo(
                        "{\"type\":\"STATE\",\"state\":{\"destinationStats\" : {\"recordCount\":0.0} ,\"data\":{}}}");
    }

    @Test
    void anEmptyStateGetsOnlyTheStats() throws Exception {
        assertThat(echo("{\"state\":{ },\"type\":\"STATE\"}", 5))
                .isEqualTo("{\"state\":{\"destinationStats\":{\"recordCount\":5.0} },\"type\":\"STATE\"}");
        assertThat(read("{\"state\":{},\"type\":\"STATE\"}".getBytes(StandardCharsets.UTF_8))
                        .kind())
                .isEqualTo(InputMessage.StateKind.LEGACY);
    }

    @Test
    void theLineTerminatorAndWhitespaceAroundTheMessageAreNotPartOfIt() throws Exception {
        String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{\"a\":1}}}";
        String expected = state.replace("}}}", "},\"destinationStats\":{\"recordCount\":1.0}}}");

        assertThat(echo("  \t" + state + " \r", 1)).isEqualTo(expected);
        // A carriage return inside the message is whitespace between tokens: sent as a space, since a line
        // reader would end the line there.
        assertThat(echo(state.replace(",\"data\"", "\r,\"data\""), 1))
                .isEqualTo(expected.replace(",\"data\"", " ,\"data\""));
    }

    @Test
    void theEchoIsValidJsonWithTheSameTreeButTheStats() throws Exception {
        String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                + "{\"name\":\"s\",\"namespace\":\"n\"},\"stream_state\":{\"k\":[{}, [], \"]}\"]}},\"id\":2}}";

        JsonNode echoed = ProtocolJson.mapper().readTree(echo(state, 7));
        JsonNode expected = ProtocolJson.mapper().readTree(state);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("state"))
                .putObject("destinationStats")
                .put("recordCount", new java.math.BigDecimal("7.0"));
        assertThat(echoed).isEqualTo(expected);
    }

    @Test
    void aStateThatIsNotValidUtf8IsAnError() {
        byte[] head = "{\"type\":\"STATE\",\"state\":{\"data\":{\"s\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + 3 + 4];
        System.arraycopy(head, 0, line, 0, head.length);
        line[head.length] = (byte) 0xED; // an encoded UTF-16 surrogate
        line[head.length + 1] = (byte) 0xA0;
        line[head.length + 2] = (byte) 0x80;
        System.arraycopy("\"}}}".getBytes(StandardCharsets.US_ASCII), 0, line, head.length + 3, 4);

        assertThatThrownBy(() -> read(line))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Input line 1")
                .hasMessageContaining("not valid UTF-8");
    }
}
