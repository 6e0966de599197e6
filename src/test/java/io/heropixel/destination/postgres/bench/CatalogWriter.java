package io.heropixel.destination.postgres.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The configured catalog for generated streams (generation 1, incremental, key {@code id}, cursor {@code updated_at}). */
final class CatalogWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CatalogWriter() {}

    static ObjectNode catalog(List<StreamSpec> streams, long syncId) {
        ObjectNode catalog = MAPPER.createObjectNode();
        ArrayNode configured = catalog.putArray("streams");
        for (StreamSpec spec : streams) {
            ObjectNode entry = configured.addObject();
            ObjectNode stream = entry.putObject("stream");
            stream.put("name", spec.name());
            stream.put("namespace", StreamSpec.NAMESPACE);
            ObjectNode schema = stream.putObject("json_schema");
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            for (Column column : spec.shape().columns()) {
                properties.set(column.name(), parse(column.kind().jsonSchema()));
            }
            stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
            entry.put("sync_mode", "incremental");
            entry.put("destination_sync_mode", spec.mode().protocolValue());
            entry.putArray("cursor_field").add(Shape.CURSOR);
            if (spec.mode() == Mode.DEDUP) {
                entry.putArray("primary_key").addArray().add(Shape.KEY);
            }
            entry.put("generation_id", 1);
            entry.put("minimum_generation_id", 0);
            entry.put("sync_id", syncId);
        }
        return catalog;
    }

    static void write(Path file, List<StreamSpec> streams, long syncId) throws IOException {
        MAPPER.writeValue(file.toFile(), catalog(streams, syncId));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
