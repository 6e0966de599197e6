package io.heropixel.destination.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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

    private static String invalid(String catalogJson) {
        Throwable thrown = catchThrowable(() -> CatalogParser.parse(JSON.readTree(catalogJson)));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return thrown.getMessage();
    }

    private static final String FIX = "Fix the catalog passed with --catalog";
    private static final String OK_STREAM =
            "{\"stream\": {\"name\": \"a\", \"json_schema\": {}}, \"destination_sync_mode\": \"append\"}";

    @Test
    void invalidCatalogsSayWhereWhatIsWrongAndWhatToDo() {
        assertThat(invalid("{\"streams\": [" + OK_STREAM + ", " + OK_STREAM.replace("\"a\"", "\"b\"")
                        + ", {\"stream\": {\"name\": \"users\","
                        + " \"namespace\": \"crm\"}, \"destination_sync_mode\": \"foo\"}]}"))
                .isEqualTo("Invalid catalog: streams[2].destination_sync_mode (stream 'crm.users') is 'foo', not one"
                        + " of append, overwrite, append_dedup. Choose one of them for the stream in the connection's"
                        + " settings.");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\"}}]}"))
                .startsWith("Invalid catalog: streams[0].destination_sync_mode (stream 's') is missing, not one of"
                        + " append, overwrite, append_dedup.");
        assertThat(invalid("{\"streams\": {}}")).contains("no \"streams\" list", "--catalog");
        assertThat(invalid("{\"streams\": [7]}"))
                .startsWith("Invalid catalog: streams[0] is 7, not a configured stream object. " + FIX);
        assertThat(invalid("{\"streams\": [{\"destination_sync_mode\": \"append\"}]}"))
                .startsWith("Invalid catalog: streams[0].stream is missing, not a stream object")
                .contains(FIX);
        assertThat(invalid("{\"streams\": [" + OK_STREAM + ", {\"stream\": {\"name\": \"\"}}]}"))
                .startsWith("Invalid catalog: streams[1].stream.name is ''; every stream needs a name. " + FIX);
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\", \"namespace\": 3}}]}"))
                .startsWith("Invalid catalog: streams[0].stream.namespace is 3, not a string or null.");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\"}, \"destination_sync_mode\": \"append\","
                        + " \"generation_id\": \"x\"}]}"))
                .startsWith(
                        "Invalid catalog: streams[0].generation_id (stream 's') is 'x', not a whole number. " + FIX);
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\", \"json_schema\": []},"
                        + " \"destination_sync_mode\": \"append\"}]}"))
                .startsWith("Invalid catalog: streams[0].stream.json_schema (stream 's') is [], not a JSON schema"
                        + " object.");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\", \"json_schema\": {\"properties\": [1]}},"
                        + " \"destination_sync_mode\": \"append\"}]}"))
                .startsWith("Invalid catalog: streams[0].stream.json_schema.properties (stream 's') is [1], not an"
                        + " object of field schemas.");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\"}, \"destination_sync_mode\":"
                        + " \"append_dedup\", \"primary_key\": \"id\"}]}"))
                .startsWith("Invalid catalog: streams[0].primary_key (stream 's') is 'id', not a list of field paths");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\"}, \"destination_sync_mode\":"
                        + " \"append_dedup\", \"primary_key\": [[\"id\"], [\"a\", \"b\"]]}]}"))
                .isEqualTo("Invalid catalog: streams[0].primary_key[1] (stream 's') is [\"a\",\"b\"], but only"
                        + " top-level fields are supported as primary key (a path of exactly one field name, such as"
                        + " [\"id\"]). Choose a top-level field as primary key.");
        assertThat(invalid("{\"streams\": [{\"stream\": {\"name\": \"s\"}, \"destination_sync_mode\":"
                        + " \"append_dedup\", \"primary_key\": []}]}"))
                .isEqualTo("Invalid catalog: streams[0].primary_key (stream 's') is [], but the stream uses"
                        + " append_dedup, which needs a primary key. Choose a primary key for the stream or use the"
                        + " append or overwrite sync mode.");
        assertThat(invalid("{\"streams\": [" + OK_STREAM + ", " + OK_STREAM + "]}"))
                .startsWith("Invalid catalog: streams[1] repeats streams[0]: the configured catalog lists the"
                        + " stream '")
                .contains("a' twice; both would be written to the same tables. List each stream once");
    }

    @Test
    void integralIdsWrittenAsDecimalsAreAccepted() throws Exception {
        ConfiguredStream s = CatalogParser.parse(JSON.readTree("{\"streams\": [{\"stream\": {\"name\": \"s\"},"
                        + " \"destination_sync_mode\": \"append\", \"generation_id\": 3.0, \"sync_id\": null}]}"))
                .get(0);
        assertThat(s.generationId()).isEqualTo(3);
        assertThat(s.syncId()).isZero();
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

    @Test
    void aStreamListedTwiceIsAConfigErrorNamingIt() throws Exception {
        String append = ", \"destination_sync_mode\": \"append\"";
        String inNs = stream("", append);
        String noNamespace = inNs.replace("\"namespace\": \"ns\", ", "");
        String otherName = inNs.replace("\"name\": \"s\"", "\"name\": \"S\"");

        assertThatThrownBy(() -> CatalogParser.parse(catalog(inNs + "," + otherName + "," + inNs), "public"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the configured catalog lists the stream 'ns.s' twice;");
        assertThatThrownBy(() -> CatalogParser.parse(catalog(noNamespace + "," + inNs), "ns"))
                .hasMessageContaining("the stream 'ns.s' twice, as 's' and as 'ns.s'");
        assertThat(CatalogParser.parse(catalog(noNamespace + "," + inNs), "public"))
                .extracting(ConfiguredStream::descriptor)
                .containsExactly(new StreamDescriptor(null, "s"), new StreamDescriptor("ns", "s"));
        assertThat(CatalogParser.parse(catalog(inNs + "," + otherName), "ns")).hasSize(2);
    }
}
