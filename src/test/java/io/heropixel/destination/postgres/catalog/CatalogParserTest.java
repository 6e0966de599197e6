package io.heropixel.destination.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode catalog(String streamJson) throws Exception {
        return JSON.readTree("{\"streams\": [" + streamJson + "]}");
    }

    private static String stream(String properties, String extra) {
        return "{\"stream\": {\"name\": \"s\", \"namespace\": \"ns\", \"json_schema\": {\"type\": \"object\","
                + " \"properties\": {" + properties + "}}}, \"sync_mode\": \"incremental\"" + extra + "}";
    }

    private static AirbyteType typeOf(String schema) throws Exception {
        ConfiguredStream s = CatalogParser.parse(
                        catalog(stream("\"p\": " + schema, ", \"destination_sync_mode\":" + " \"append\"")))
                .get(0);
        return s.columns().get("p");
    }

    @Test
    void mapsEveryType() throws Exception {
        assertThat(typeOf("{\"type\": \"string\"}")).isEqualTo(AirbyteType.STRING);
        assertThat(typeOf("{\"type\": \"integer\"}")).isEqualTo(AirbyteType.INTEGER);
        assertThat(typeOf("{\"type\": \"number\", \"airbyte_type\": \"integer\"}"))
                .isEqualTo(AirbyteType.INTEGER);
        assertThat(typeOf("{\"type\": \"number\"}")).isEqualTo(AirbyteType.NUMBER);
        assertThat(typeOf("{\"type\": \"boolean\"}")).isEqualTo(AirbyteType.BOOLEAN);
        assertThat(typeOf("{\"type\": \"object\"}")).isEqualTo(AirbyteType.OBJECT);
        assertThat(typeOf("{\"properties\": {\"a\": {}}}")).isEqualTo(AirbyteType.OBJECT);
        assertThat(typeOf("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}"))
                .isEqualTo(AirbyteType.ARRAY);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"date\"}")).isEqualTo(AirbyteType.DATE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"date-time\"}"))
                .isEqualTo(AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"date-time\", \"airbyte_type\":"
                        + " \"timestamp_with_timezone\"}"))
                .isEqualTo(AirbyteType.TIMESTAMP_WITH_TIMEZONE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"date-time\", \"airbyte_type\":"
                        + " \"timestamp_without_timezone\"}"))
                .isEqualTo(AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"time\", \"airbyte_type\": \"time_with_timezone\"}"))
                .isEqualTo(AirbyteType.TIME_WITH_TIMEZONE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"time\", \"airbyte_type\":"
                        + " \"time_without_timezone\"}"))
                .isEqualTo(AirbyteType.TIME_WITHOUT_TIMEZONE);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"time\"}")).isEqualTo(AirbyteType.UNKNOWN);
        assertThat(typeOf("{\"type\": \"string\", \"format\": \"email\"}")).isEqualTo(AirbyteType.STRING);
        assertThat(typeOf("{}")).isEqualTo(AirbyteType.UNKNOWN);
        assertThat(typeOf("{\"type\": \"mystery\"}")).isEqualTo(AirbyteType.UNKNOWN);
    }

    @Test
    void typeListsDropNullAndSeveralTypesAreUnknown() throws Exception {
        assertThat(typeOf("{\"type\": [\"null\", \"integer\"]}")).isEqualTo(AirbyteType.INTEGER);
        assertThat(typeOf("{\"type\": [\"string\", \"null\"], \"format\": \"date\"}"))
                .isEqualTo(AirbyteType.DATE);
        assertThat(typeOf("{\"type\": [\"string\", \"integer\"]}")).isEqualTo(AirbyteType.UNKNOWN);
        assertThat(typeOf("{\"type\": [\"null\"]}")).isEqualTo(AirbyteType.UNKNOWN);
        assertThat(typeOf("{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}"))
                .isEqualTo(AirbyteType.UNKNOWN);
        assertThat(typeOf("{\"anyOf\": [{\"type\": \"string\"}]}")).isEqualTo(AirbyteType.UNKNOWN);
    }

    @Test
    void mapsWellKnownTypeReferences() throws Exception {
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/Integer\"}"))
                .isEqualTo(AirbyteType.INTEGER);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/Number\"}"))
                .isEqualTo(AirbyteType.NUMBER);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/TimestampWithoutTimezone\"}"))
                .isEqualTo(AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/TimeWithTimezone\"}"))
                .isEqualTo(AirbyteType.TIME_WITH_TIMEZONE);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/BinaryData\"}"))
                .isEqualTo(AirbyteType.STRING);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/Boolean\"}"))
                .isEqualTo(AirbyteType.BOOLEAN);
        assertThat(typeOf("{\"$ref\": \"WellKnownTypes.json#/definitions/Date\"}"))
                .isEqualTo(AirbyteType.DATE);
    }

    @Test
    void readsModesKeysAndIds() throws Exception {
        ConfiguredStream s = CatalogParser.parse(catalog(stream(
                        "\"id\": {\"type\": \"integer\"}, \"updated\": {\"type\": \"string\"}",
                        ", \"destination_sync_mode\": \"append_dedup\", \"primary_key\": [[\"id\"]],"
                                + " \"cursor_field\": [\"updated\"], \"generation_id\": 7,"
                                + " \"minimum_generation_id\": 7, \"sync_id\": 99")))
                .get(0);
        assertThat(s.descriptor()).isEqualTo(new StreamDescriptor("ns", "s"));
        assertThat(s.destinationSyncMode()).isEqualTo(DestinationSyncMode.APPEND_DEDUP);
        assertThat(s.primaryKey()).containsExactly("id");
        assertThat(s.cursor()).contains("updated");
        assertThat(s.generationId()).isEqualTo(7);
        assertThat(s.minimumGenerationId()).isEqualTo(7);
        assertThat(s.syncId()).isEqualTo(99);
        assertThat(s.truncates()).isTrue();
        assertThat(s.columns().keySet()).containsExactly("id", "updated");
    }

    @Test
    void missingIdsAreZeroAndStreamsWithoutPropertiesHaveNoColumns() throws Exception {
        ConfiguredStream s = CatalogParser.parse(JSON.readTree("{\"streams\": [{\"stream\": {\"name\": \"s\","
                        + " \"json_schema\": {\"type\": \"object\"}}, \"destination_sync_mode\":"
                        + " \"overwrite\"}]}"))
                .get(0);
        assertThat(s.generationId()).isZero();
        assertThat(s.minimumGenerationId()).isZero();
        assertThat(s.syncId()).isZero();
        assertThat(s.columns()).isEmpty();
        assertThat(s.descriptor().namespace()).isNull();
        assertThat(s.cursor()).isEqualTo(Optional.empty());
        assertThat(s.primaryKey()).isEqualTo(List.of());
    }

    @Test
    void rejectsHybridRefreshes() {
        assertThatThrownBy(
                        () -> CatalogParser.parse(
                                catalog(
                                        stream(
                                                "",
                                                ", \"destination_sync_mode\": \"append\", \"generation_id\": 5, \"minimum_generation_id\": 3"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("minimum_generation_id");
    }

    @Test
    void rejectsDedupWithoutPrimaryKey() {
        assertThatThrownBy(() -> CatalogParser.parse(catalog(
                        stream("\"id\": {\"type\": \"integer\"}", ", \"destination_sync_mode\": \"append_dedup\""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("primary key");
    }

    @Test
    void rejectsNestedPrimaryKeysAndCursors() throws Exception {
        assertThatThrownBy(() -> CatalogParser.parse(catalog(stream(
                        "\"a\": {\"type\": \"object\"}",
                        ", \"destination_sync_mode\": \"append_dedup\", \"primary_key\": [[\"a\", \"b\"]]"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only top-level fields are supported");
        assertThatThrownBy(() -> CatalogParser.parse(catalog(stream(
                        "\"a\": {\"type\": \"object\"}, \"id\": {\"type\": \"integer\"}",
                        ", \"destination_sync_mode\": \"append_dedup\", \"primary_key\": [[\"id\"]],"
                                + " \"cursor_field\": [\"a\", \"b\"]"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("only top-level fields are supported");
        // an append stream does not use its cursor: a nested one is ignored
        assertThat(CatalogParser.parse(catalog(stream(
                                "\"a\": {\"type\": \"object\"}",
                                ", \"destination_sync_mode\": \"append\", \"cursor_field\": [\"a\", \"b\"]")))
                        .get(0)
                        .cursor())
                .isEmpty();
    }

    @Test
    void rejectsUnknownSyncModes() {
        assertThatThrownBy(() -> CatalogParser.parse(catalog(stream("", ", \"destination_sync_mode\": \"upsert\""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("upsert");
        assertThatThrownBy(() -> CatalogParser.parse(catalog(stream("", ""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("destination_sync_mode");
    }

    @Test
    void parsesTheConformanceCatalogs() throws Exception {
        Path dir = Path.of(System.getProperty("conformance.dir", "src/test/resources/conformance/airbyte"), "catalogs");
        JsonNode catalog = JSON.readTree(Files.readString(dir.resolve("incrementalDedup_gen42.json")));
        ConfiguredStream s = CatalogParser.parse(catalog).get(0);
        assertThat(s.primaryKey()).containsExactly("id1", "id2");
        assertThat(s.hasCdcDeletedAt()).isTrue();
        assertThat(s.columns())
                .containsAllEntriesOf(Map.of(
                        "updated_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                        "address", AirbyteType.OBJECT,
                        "registration_date", AirbyteType.DATE,
                        "age", AirbyteType.INTEGER));
    }
}
