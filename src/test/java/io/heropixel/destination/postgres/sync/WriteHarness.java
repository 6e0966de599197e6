package io.heropixel.destination.postgres.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.connection.ConnectionFactory;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.util.List;

/** Builds catalogs and messages and runs the write path in-process against a test database. */
final class WriteHarness {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WriteHarness() {}

    /** A configured stream with string/integer properties. */
    static ObjectNode stream(String namespace, String name, String syncMode, long generation, long minGeneration) {
        ObjectNode configured = NODES.objectNode();
        ObjectNode stream = configured.putObject("stream");
        stream.put("name", name);
        if (namespace != null) {
            stream.put("namespace", namespace);
        }
        ObjectNode schema = stream.putObject("json_schema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("id").put("type", "integer");
        properties.putObject("name").put("type", "string");
        stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
        configured.put("sync_mode", "full_refresh");
        configured.put("destination_sync_mode", syncMode);
        configured.put("generation_id", generation);
        configured.put("minimum_generation_id", minGeneration);
        configured.put("sync_id", 7);
        return configured;
    }

    static ObjectNode catalog(ObjectNode... streams) {
        ObjectNode catalog = NODES.objectNode();
        ArrayNode array = catalog.putArray("streams");
        for (ObjectNode stream : streams) {
            array.add(stream);
        }
        return catalog;
    }

    static String record(String namespace, String name, String dataJson, long emittedAt) {
        return "{\"type\":\"RECORD\",\"record\":{" + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",")
                + "\"stream\":\"" + name + "\",\"emitted_at\":" + emittedAt + ",\"data\":" + dataJson + "}}";
    }

    static String streamState(String namespace, String name, int id, String cursor) {
        return "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{"
                + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",") + "\"name\":\"" + name
                + "\"},\"stream_state\":{\"cursor\":\"" + cursor + "\"}},\"id\":" + id + "}}";
    }

    static String globalState(int id) {
        return "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":" + id
                + "},\"stream_states\":[]},\"id\":" + id + ",\"sourceStats\":{\"recordCount\":1.0}}}";
    }

    static String status(String namespace, String name, String status) {
        return "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1.0,\"stream_status\":{"
                + "\"stream_descriptor\":{" + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",")
                + "\"name\":\"" + name + "\"},\"status\":\"" + status + "\"}}}";
    }

    static JsonNode parse(String json) {
        try {
            return ProtocolJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A write operation on the test database, its protocol output discarded (the caller runs it). */
    static WriteOperation operation(TestDatabase db, ObjectNode configJson, JsonNode catalog, LoadSettings settings) {
        return operation(db, configJson, catalog, settings, java.io.OutputStream.nullOutputStream());
    }

    /** A write operation on the test database, its protocol output (stdout) sent to {@code protocol}. */
    static WriteOperation operation(
            TestDatabase db,
            ObjectNode configJson,
            JsonNode catalog,
            LoadSettings settings,
            java.io.OutputStream protocol) {
        DestinationConfig config = ConfigResolver.resolve(configJson);
        List<StreamPlan> plans = StreamPlanner.plan(CatalogParser.parse(catalog, config.defaultSchema()), config);
        ConnectionFactory factory = new ConnectionFactory(config);
        return new WriteOperation(
                new io.heropixel.destination.postgres.protocol.ProtocolWriter(
                        protocol, new io.heropixel.destination.postgres.error.Secrets()),
                factory::open,
                plans,
                new TypingOperations(config),
                !config.disableTypeDedupe(),
                config.dropCascade(),
                settings);
    }

    static ObjectNode config(TestDatabase db) {
        return db.config();
    }
}
