package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The protocol messages of a history as the platform sends them: catalog, RECORD, STATE and status lines. */
final class Lines {
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    /** Numbers kept exactly as written ({@code 1.0} stays {@code 1.0}), so the edge values reach the connector. */
    private static final com.fasterxml.jackson.databind.ObjectMapper EXACT =
            ProtocolJson.mapper().copy().setNodeFactory(JSON);

    private Lines() {}

    static ObjectNode catalog(List<StreamSpec> streams) {
        ObjectNode catalog = JSON.objectNode();
        ArrayNode list = catalog.putArray("streams");
        for (StreamSpec s : streams) {
            ObjectNode configured = list.addObject();
            ObjectNode stream = configured.putObject("stream");
            stream.put("name", s.name());
            if (s.namespace() != null) {
                stream.put("namespace", s.namespace());
            }
            stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
            ObjectNode schema = stream.putObject("json_schema");
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            for (Map.Entry<String, ColType> c : s.columns().entrySet()) {
                properties.set(c.getKey(), parse(c.getValue().jsonSchema));
            }
            configured.put("sync_mode", s.mode().equals("overwrite") ? "full_refresh" : "incremental");
            configured.put("destination_sync_mode", s.mode());
            ArrayNode pk = configured.putArray("primary_key");
            for (String k : s.primaryKey()) {
                pk.addArray().add(k);
            }
            ArrayNode cursor = configured.putArray("cursor_field");
            if (s.cursor() != null) {
                cursor.add(s.cursor());
            }
            configured.put("generation_id", s.generationId());
            configured.put("minimum_generation_id", s.minimumGenerationId());
            configured.put("sync_id", s.syncId());
        }
        return catalog;
    }

    static String record(StreamSpec stream, Event event) {
        ObjectNode message = JSON.objectNode();
        message.put("type", "RECORD");
        ObjectNode record = message.putObject("record");
        if (stream.namespace() != null) {
            record.put("namespace", stream.namespace());
        }
        record.put("stream", stream.name());
        record.put("emitted_at", event.emittedAt());
        record.set("data", event.data());
        return write(message);
    }

    static String status(StreamSpec stream, String status) {
        ObjectNode message = JSON.objectNode();
        message.put("type", "TRACE");
        ObjectNode trace = message.putObject("trace");
        trace.put("type", "STREAM_STATUS");
        trace.put("emitted_at", 1_700_000_000_000L);
        ObjectNode streamStatus = trace.putObject("stream_status");
        streamStatus.set("stream_descriptor", descriptor(stream));
        streamStatus.put("status", status);
        return write(message);
    }

    static ObjectNode descriptor(StreamSpec stream) {
        ObjectNode descriptor = JSON.objectNode();
        if (stream.namespace() != null) {
            descriptor.put("namespace", stream.namespace());
        }
        descriptor.put("name", stream.name());
        return descriptor;
    }

    static String write(JsonNode node) {
        try {
            return EXACT.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
