package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputGeneratorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherBytes() throws IOException {
        List<StreamSpec> streams = Scenarios.split(Shape.NARROW, Mode.DEDUP, 3_000, 2);
        byte[] first = generate(42, 1_000, streams);
        assertThat(generate(42, 1_000, streams)).isEqualTo(first);
        assertThat(generate(43, 1_000, streams)).isNotEqualTo(first);
    }

    @Test
    void everyLineIsOneValidMessageWithStatesAndCompleteStatuses() throws IOException {
        List<StreamSpec> streams = Scenarios.split(Shape.NARROW, Mode.APPEND, 2_500, 1);
        List<JsonNode> messages = parse(generate(7, 1_000, streams));

        assertThat(messages.stream().filter(m -> m.path("type").asText().equals("RECORD")))
                .hasSize(2_500);
        List<JsonNode> states = messages.stream()
                .filter(m -> m.path("type").asText().equals("STATE"))
                .toList();
        assertThat(states).hasSize(3);
        assertThat(states.stream()
                        .map(s -> s.at("/state/sourceStats/recordCount").asDouble()))
                .containsExactly(1_000.0, 1_000.0, 500.0);
        assertThat(states.stream().map(s -> s.at("/state/id").asLong())).containsExactly(1L, 2L, 3L);
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.at("/trace/type").asText()).isEqualTo("STREAM_STATUS");
        assertThat(last.at("/trace/stream_status/status").asText()).isEqualTo("COMPLETE");
        assertThat(last.at("/trace/stream_status/stream_descriptor/name").asText())
                .isEqualTo("narrow");
        JsonNode record = messages.get(0).path("record");
        assertThat(record.path("namespace").asText()).isEqualTo(StreamSpec.NAMESPACE);
        List<String> fields = new ArrayList<>();
        record.path("data").fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactlyElementsOf(
                        Shape.NARROW.columns().stream().map(Column::name).toList());
    }

    @Test
    void recordSizesMatchTheirShape() throws IOException {
        assertMeanSize(Shape.NARROW, 350, 450, 300, 600);
        assertMeanSize(Shape.WIDE, 1_500, 2_500, 1_200, 3_000);
        assertMeanSize(Shape.NESTED, 1_700, 2_300, 1_200, 3_000);
    }

    @Test
    void wideRecordsHaveAHundredColumns() {
        assertThat(Shape.WIDE.columns()).hasSize(100);
        assertThat(Shape.NARROW.columns()).hasSizeBetween(9, 13);
    }

    @Test
    void streamsAreInterleavedInChunksAndEachGetsItsStates() throws IOException {
        List<StreamSpec> streams = Scenarios.split(Shape.NARROW, Mode.DEDUP, 4_000, 4);
        List<JsonNode> messages = parse(generate(1, 500, streams));
        List<String> recordStreams = messages.stream()
                .filter(m -> m.path("type").asText().equals("RECORD"))
                .map(m -> m.at("/record/stream").asText())
                .toList();
        assertThat(recordStreams.subList(0, InputGenerator.CHUNK)).containsOnly("narrow_1");
        assertThat(recordStreams.get(InputGenerator.CHUNK)).isEqualTo("narrow_2");
        assertThat(messages.stream()
                        .filter(m -> m.path("type").asText().equals("STATE"))
                        .map(m -> m.at("/state/stream/stream_descriptor/name").asText()))
                .hasSize(8)
                .containsOnly("narrow_1", "narrow_2", "narrow_3", "narrow_4");
        assertThat(messages.stream().filter(m -> m.path("type").asText().equals("TRACE")))
                .hasSize(4);
    }

    @Test
    void aFirstSyncRepeatsOneKeyInTenAndChangesUpdateExistingKeysLater() throws IOException {
        StreamSpec base = StreamSpec.of("narrow", Shape.NARROW, Mode.DEDUP, 5_000);
        Set<Long> keys = new HashSet<>();
        String lastCursor = "";
        for (JsonNode data : data(generate(3, 10_000, List.of(base)))) {
            keys.add(data.path("id").asLong());
            lastCursor = data.path("updated_at").asText();
        }
        assertThat(keys).hasSize((int) base.expectedFinalRows()).hasSize(4_500);

        StreamSpec changes = base.withChanges(5_000, 100);
        List<JsonNode> changed = data(generate(3, 10_000, List.of(changes)));
        assertThat(changed).hasSize(100);
        Set<Long> changedKeys = new HashSet<>();
        for (JsonNode data : changed) {
            changedKeys.add(data.path("id").asLong());
            assertThat(data.path("updated_at").asText()).isGreaterThan(lastCursor);
        }
        assertThat(changedKeys).hasSize(100);
        assertThat(keys).containsAll(changedKeys);
    }

    @Test
    void aBigRecordCarriesACommentOfTheRequestedLength() throws IOException {
        StreamSpec stream = StreamSpec.of("big", Shape.NARROW, Mode.APPEND, 3).withBigRecord(100_000);
        List<JsonNode> data = data(generate(5, 10, List.of(stream)));
        assertThat(data.get(0).path("comment").asText()).hasSize(100_000);
        assertThat(data.get(1).path("comment").asText().length()).isLessThan(200);
    }

    @Test
    void theCatalogDeclaresEveryColumnAndTheKeyForDedup() {
        List<StreamSpec> streams = List.of(
                StreamSpec.of("a", Shape.WIDE, Mode.DEDUP, 1), StreamSpec.of("b", Shape.NESTED, Mode.APPEND, 1));
        JsonNode catalog = CatalogWriter.catalog(streams, 9);
        JsonNode dedup = catalog.at("/streams/0");
        assertThat(dedup.path("destination_sync_mode").asText()).isEqualTo("append_dedup");
        assertThat(dedup.at("/primary_key/0/0").asText()).isEqualTo("id");
        assertThat(dedup.at("/cursor_field/0").asText()).isEqualTo("updated_at");
        assertThat(dedup.at("/stream/json_schema/properties").size()).isEqualTo(100);
        assertThat(dedup.path("sync_id").asLong()).isEqualTo(9);
        JsonNode append = catalog.at("/streams/1");
        assertThat(append.path("destination_sync_mode").asText()).isEqualTo("append");
        assertThat(append.has("primary_key")).isFalse();
        assertThat(append.at("/stream/json_schema/properties/items/type/1").asText())
                .isEqualTo("array");
    }

    private static void assertMeanSize(Shape shape, int meanLow, int meanHigh, int min, int max) throws IOException {
        List<JsonNode> data = data(generate(11, 10_000, List.of(StreamSpec.of("s", shape, Mode.APPEND, 1_000))));
        long total = 0;
        for (JsonNode record : data) {
            int size = MAPPER.writeValueAsBytes(record).length;
            assertThat(size).as("%s record size", shape).isBetween(min, max);
            total += size;
        }
        assertThat(total / data.size()).as("%s mean record size", shape).isBetween((long) meanLow, (long) meanHigh);
    }

    private static byte[] generate(long seed, long stateEvery, List<StreamSpec> streams) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InputGenerator(seed, stateEvery).write(out, streams);
        return out.toByteArray();
    }

    private static List<JsonNode> parse(byte[] input) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            if (!line.isEmpty()) {
                messages.add(MAPPER.readTree(line));
            }
        }
        assertThat(new String(input, StandardCharsets.UTF_8)).endsWith("\n");
        return messages;
    }

    private static List<JsonNode> data(byte[] input) throws IOException {
        return parse(input).stream()
                .filter(m -> m.path("type").asText().equals("RECORD"))
                .map(m -> m.at("/record/data"))
                .toList();
    }
}
