package io.heropixel.destination.postgres.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a ConfiguredAirbyteCatalog into validated {@link ConfiguredStream}s (protocol §3, §4). */
public final class CatalogParser {
    private CatalogParser() {}

    public static List<ConfiguredStream> parse(JsonNode configuredCatalog) {
        JsonNode streams = configuredCatalog == null ? null : configuredCatalog.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new ConfigException("The configured catalog has no 'streams' list. Pass a valid"
                    + " ConfiguredAirbyteCatalog with --catalog.");
        }
        List<ConfiguredStream> result = new ArrayList<>();
        for (JsonNode configured : streams) {
            result.add(parseStream(configured));
        }
        return result;
    }

    private static ConfiguredStream parseStream(JsonNode configured) {
        JsonNode stream = configured.path("stream");
        String name = stream.path("name").asText("");
        if (name.isEmpty()) {
            throw new ConfigException("A configured stream has no name. Give every stream of the catalog a name.");
        }
        JsonNode namespaceNode = stream.get("namespace");
        String namespace = namespaceNode == null || namespaceNode.isNull() ? null : namespaceNode.asText();
        StreamDescriptor descriptor = new StreamDescriptor(namespace, name);

        JsonNode modeNode = configured.get("destination_sync_mode");
        if (modeNode == null || !modeNode.isTextual()) {
            throw new ConfigException("Stream " + descriptor
                    + " has no destination_sync_mode. Use one of: append, overwrite, append_dedup.");
        }
        DestinationSyncMode mode = DestinationSyncMode.of(modeNode.asText());

        long generationId = longOrZero(configured, "generation_id");
        long minimumGenerationId = longOrZero(configured, "minimum_generation_id");
        long syncId = longOrZero(configured, "sync_id");
        if (minimumGenerationId != 0 && minimumGenerationId != generationId) {
            throw new ConfigException("Stream " + descriptor + " has minimum_generation_id " + minimumGenerationId
                    + " and generation_id " + generationId + ": hybrid refreshes are not supported. Run a full"
                    + " refresh (minimum_generation_id equal to generation_id) or an incremental sync"
                    + " (minimum_generation_id 0).");
        }

        Map<String, AirbyteType> columns = columns(stream.path("json_schema"));
        List<String> primaryKey = mode == DestinationSyncMode.APPEND_DEDUP
                ? primaryKey(descriptor, configured.path("primary_key"))
                : List.of();
        if (mode == DestinationSyncMode.APPEND_DEDUP && primaryKey.isEmpty()) {
            throw new ConfigException("Stream " + descriptor + " uses append_dedup but has no primary key. Choose"
                    + " a primary key for the stream or use the append or overwrite sync mode.");
        }
        // Keys and cursor only matter for dedup; a nested cursor of an append stream is not used, so it
        // does not fail the sync.
        Optional<String> cursor = mode == DestinationSyncMode.APPEND_DEDUP
                ? cursor(descriptor, configured.path("cursor_field"))
                : Optional.empty();
        return new ConfiguredStream(
                descriptor, mode, primaryKey, cursor, generationId, minimumGenerationId, syncId, columns);
    }

    private static long longOrZero(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? 0 : value.asLong();
    }

    private static Map<String, AirbyteType> columns(JsonNode schema) {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        JsonNode properties = schema.path("properties");
        if (properties.isObject()) {
            properties.fields().forEachRemaining(e -> columns.put(e.getKey(), SchemaTypes.typeOf(e.getValue())));
        }
        return columns;
    }

    private static List<String> primaryKey(StreamDescriptor descriptor, JsonNode paths) {
        List<String> keys = new ArrayList<>();
        if (!paths.isArray()) {
            return keys;
        }
        for (JsonNode path : paths) {
            keys.add(topLevel(descriptor, path, "primary key"));
        }
        return keys;
    }

    private static Optional<String> cursor(StreamDescriptor descriptor, JsonNode path) {
        if (!path.isArray() || path.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(topLevel(descriptor, path, "cursor"));
    }

    private static String topLevel(StreamDescriptor descriptor, JsonNode path, String what) {
        if (!path.isArray() || path.size() != 1 || !path.get(0).isTextual()) {
            throw new ConfigException("Stream " + descriptor + " has the " + what + " " + path + ", but only"
                    + " top-level fields are supported as " + what + " (a path of exactly one field name). Choose a"
                    + " top-level field as " + what + ".");
        }
        return path.get(0).asText();
    }
}
