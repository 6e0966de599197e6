package io.heropixel.destination.postgres.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a ConfiguredAirbyteCatalog into validated {@link ConfiguredStream}s. Every error names the
 * place in the catalog ({@code streams[2].destination_sync_mode}), the stream, what is wrong and what to
 * do.
 */
public final class CatalogParser {
    static final String MODES = "append, overwrite, append_dedup";

    private CatalogParser() {}

    /**
     * The catalog's streams, for a destination whose default schema is {@code defaultNamespace} (where a
     * stream without namespace goes). Two entries for the same stream, that is the same name in the same
     * namespace once a missing or empty namespace is read as {@code defaultNamespace}, are a config error:
     * they would write to the same tables.
     */
    public static List<ConfiguredStream> parse(JsonNode configuredCatalog, String defaultNamespace) {
        JsonNode streams = configuredCatalog == null ? null : configuredCatalog.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new ConfigException("Invalid catalog: it has no \"streams\" list. Pass a ConfiguredAirbyteCatalog"
                    + " (a JSON object with a \"streams\" array) with --catalog.");
        }
        List<ConfiguredStream> result = new ArrayList<>();
        Map<StreamDescriptor, Integer> seen = new HashMap<>();
        for (int i = 0; i < streams.size(); i++) {
            ConfiguredStream stream = new StreamReader("streams[" + i + "]", streams.get(i)).read();
            Integer earlier = seen.putIfAbsent(resolved(stream.descriptor(), defaultNamespace), i);
            if (earlier != null) {
                throw duplicate(result.get(earlier).descriptor(), stream.descriptor(), earlier, i, defaultNamespace);
            }
            result.add(stream);
        }
        return result;
    }

    /**
     * {@link #parse(JsonNode, String)} where the default schema is not known (tests of single streams): a
     * stream without namespace is then only the same as another stream without namespace.
     */
    public static List<ConfiguredStream> parse(JsonNode configuredCatalog) {
        return parse(configuredCatalog, null);
    }

    private static StreamDescriptor resolved(StreamDescriptor descriptor, String defaultNamespace) {
        return descriptor.namespace() == null ? new StreamDescriptor(defaultNamespace, descriptor.name()) : descriptor;
    }

    private static ConfigException duplicate(
            StreamDescriptor first, StreamDescriptor second, int firstIndex, int secondIndex, String defaultNamespace) {
        String how = first.equals(second)
                ? "twice"
                : "twice, as '" + first + "' and as '" + second + "' (a stream without namespace is in the default"
                        + " schema '" + defaultNamespace + "')";
        return new ConfigException("Invalid catalog: streams[" + secondIndex + "] repeats streams[" + firstIndex
                + "]: the configured catalog lists the stream '" + resolved(first, defaultNamespace) + "' " + how
                + "; both would be written to the same tables."
                + " List each stream once in the catalog (deselect the duplicate in the connection's schema, or give"
                + " one of them another namespace).");
    }

    /** Reads one configured stream; {@code path} is where it is in the catalog, for errors. */
    private static final class StreamReader {
        private final String path;
        private final JsonNode configured;
        private StreamDescriptor descriptor;

        StreamReader(String path, JsonNode configured) {
            this.path = path;
            this.configured = configured;
        }

        ConfiguredStream read() {
            if (!configured.isObject()) {
                throw invalid("", "is " + shown(configured) + ", not a configured stream object", "");
            }
            descriptor = descriptor(configured.get("stream"));
            DestinationSyncMode mode = mode();
            long generationId = wholeNumber("generation_id");
            long minimumGenerationId = wholeNumber("minimum_generation_id");
            long syncId = wholeNumber("sync_id");
            if (minimumGenerationId != 0 && minimumGenerationId != generationId) {
                throw invalid(
                        ".minimum_generation_id",
                        "is " + minimumGenerationId + " while generation_id is " + generationId
                                + ": hybrid refreshes are not supported",
                        "Run a full refresh (minimum_generation_id equal to generation_id) or an incremental sync"
                                + " (minimum_generation_id 0).");
            }
            Map<String, AirbyteType> columns = columns(configured.path("stream"));
            boolean dedup = mode == DestinationSyncMode.APPEND_DEDUP;
            List<String> primaryKey = dedup ? primaryKey(configured.path("primary_key")) : List.of();
            if (dedup && primaryKey.isEmpty()) {
                throw invalid(
                        ".primary_key",
                        "is " + shown(configured.get("primary_key"))
                                + ", but the stream uses append_dedup, which needs a primary key",
                        "Choose a primary key for the stream or use the append or overwrite sync mode.");
            }
            // Keys and cursor only matter for dedup; a nested cursor of an append stream is not used, so it
            // does not fail the sync.
            Optional<String> cursor = dedup ? cursor(configured.path("cursor_field")) : Optional.empty();
            return new ConfiguredStream(
                    descriptor, mode, primaryKey, cursor, generationId, minimumGenerationId, syncId, columns);
        }

        private StreamDescriptor descriptor(JsonNode stream) {
            if (stream == null || !stream.isObject()) {
                throw invalid(
                        ".stream", "is " + shown(stream) + ", not a stream object with a name and a json_schema", "");
            }
            JsonNode name = stream.get("name");
            if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                throw invalid(".stream.name", "is " + shown(name) + "; every stream needs a name", "");
            }
            JsonNode namespace = stream.get("namespace");
            if (namespace != null && !namespace.isNull() && !namespace.isTextual()) {
                throw invalid(".stream.namespace", "is " + shown(namespace) + ", not a string or null", "");
            }
            return new StreamDescriptor(
                    namespace == null || namespace.isNull() ? null : namespace.asText(), name.asText());
        }

        private DestinationSyncMode mode() {
            JsonNode mode = configured.get("destination_sync_mode");
            if (mode == null || !mode.isTextual()) {
                throw invalid(
                        ".destination_sync_mode",
                        "is " + shown(mode) + ", not one of " + MODES,
                        "Choose a sync mode for the stream in the connection's settings.");
            }
            return DestinationSyncMode.find(mode.asText())
                    .orElseThrow(() -> invalid(
                            ".destination_sync_mode",
                            "is " + shown(mode) + ", not one of " + MODES,
                            "Choose one of them for the stream in the connection's settings."));
        }

        private long wholeNumber(String field) {
            JsonNode value = configured.get(field);
            if (value == null || value.isNull()) {
                return 0;
            }
            if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
                throw invalid("." + field, "is " + shown(value) + ", not a whole number", "");
            }
            return value.asLong();
        }

        private Map<String, AirbyteType> columns(JsonNode stream) {
            Map<String, AirbyteType> columns = new LinkedHashMap<>();
            JsonNode schema = stream.get("json_schema");
            if (schema == null || schema.isNull()) {
                return columns;
            }
            if (!schema.isObject()) {
                throw invalid(".stream.json_schema", "is " + shown(schema) + ", not a JSON schema object", "");
            }
            JsonNode properties = schema.get("properties");
            if (properties != null && !properties.isNull() && !properties.isObject()) {
                throw invalid(
                        ".stream.json_schema.properties",
                        "is " + shown(properties) + ", not an object of field schemas",
                        "");
            }
            if (properties != null && properties.isObject()) {
                properties.properties().forEach(e -> columns.put(e.getKey(), SchemaTypes.typeOf(e.getValue())));
            }
            return columns;
        }

        private List<String> primaryKey(JsonNode paths) {
            List<String> keys = new ArrayList<>();
            if (paths.isMissingNode() || paths.isNull()) {
                return keys;
            }
            if (!paths.isArray()) {
                throw invalid(
                        ".primary_key", "is " + shown(paths) + ", not a list of field paths such as [[\"id\"]]", "");
            }
            for (int i = 0; i < paths.size(); i++) {
                keys.add(topLevel(".primary_key[" + i + "]", paths.get(i), "primary key"));
            }
            return keys;
        }

        private Optional<String> cursor(JsonNode path) {
            if (path.isMissingNode() || path.isNull() || (path.isArray() && path.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(topLevel(".cursor_field", path, "cursor"));
        }

        private String topLevel(String where, JsonNode path, String what) {
            if (!path.isArray() || path.size() != 1 || !path.get(0).isTextual()) {
                throw invalid(
                        where,
                        "is " + shown(path) + ", but only top-level fields are supported as " + what
                                + " (a path of exactly one field name, such as [\"id\"])",
                        "Choose a top-level field as " + what + ".");
            }
            return path.get(0).asText();
        }

        /** An error at {@code path + where}: what is wrong, then what to do (a default when empty). */
        private ConfigException invalid(String where, String problem, String advice) {
            String stream = descriptor == null ? "" : " (stream '" + descriptor + "')";
            String todo = advice.isEmpty()
                    ? "Fix the catalog passed with --catalog (the platform builds it from the connection's"
                            + " streams; a catalog written by hand must follow the Airbyte protocol)."
                    : advice;
            return new ConfigException("Invalid catalog: " + path + where + stream + " " + problem + ". " + todo);
        }

        /** A short rendering of a JSON value for an error message. */
        private static String shown(JsonNode value) {
            if (value == null || value.isMissingNode()) {
                return "missing";
            }
            String text = value.isTextual() ? "'" + value.asText() + "'" : value.toString();
            return text.length() <= 60 ? text : text.substring(0, 60) + "...";
        }
    }
}
