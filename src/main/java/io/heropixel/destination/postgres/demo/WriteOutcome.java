package io.heropixel.destination.postgres.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;

/**
 * What a {@code write} answered on stdout, read for the demo's screen: how many STATE messages it echoed and
 * the message of its TRACE error, if any.
 */
record WriteOutcome(int exitCode, long states, String error) {

    static WriteOutcome of(int exitCode, String protocol) {
        long states = 0;
        String error = "the write command reported no error message; the log says more";
        for (String line : protocol.lines().toList()) {
            JsonNode message = parse(line);
            String type = message.path("type").asText();
            if (type.equals("STATE")) {
                states++;
            } else if (type.equals("TRACE")
                    && message.path("trace").path("type").asText().equals("ERROR")) {
                error = message.path("trace").path("error").path("message").asText(error);
            }
        }
        return new WriteOutcome(exitCode, states, error);
    }

    private static JsonNode parse(String line) {
        try {
            return ProtocolJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            return ProtocolJson.mapper().createObjectNode();
        }
    }
}
