package io.heropixel.destination.postgres.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A multi-stream sync for fault tests and the platform's resend rule. Streams {@code app1} and {@code
 * app2} are append, {@code dd} is append_dedup (primary key {@code id}, cursor {@code upd}); every record
 * carries a unique {@code seq}. Each stream gets a STREAM state every {@code stateEvery} of its records.
 *
 * <p>{@link #resend} models the platform after a failed attempt: per stream, the source restarts from
 * the last STATE of that stream which the destination echoed, so everything of that stream after it is
 * sent again (the at-least-once window). {@link #verify} checks the tables against every record sent.
 */
public final class SyncScript {
    static final String NAMESPACE = "faults";
    static final List<String> STREAMS = List.of("app1", "app2", "dd");
    static final int DEDUP_KEYS = 97;

    /** One input line: a record (seq &gt;= 0) or a state (stateId &gt;= 0) of a stream. */
    record Line(String stream, long seq, int stateId, String json) {}

    private final List<Line> lines = new ArrayList<>();
    private final Map<Long, Integer> timesSent = new HashMap<>();
    private final Map<Long, String> streamOfSeq = new HashMap<>();
    private final Map<Long, Long> dedupKeyOfSeq = new HashMap<>();
    private long generation = 3;
    private boolean app2Overwrite;

    private SyncScript() {}

    /**
     * As {@link #generate} but {@code app2} is an overwrite stream (truncate refresh of generation {@code
     * generation}) and seq numbers start at {@code seqOffset}, so several scripts can share the tables.
     */
    public static SyncScript generateOverwrite(
            long seed, int records, int stateEvery, long generation, long seqOffset) {
        SyncScript script = new SyncScript();
        script.generation = generation;
        script.app2Overwrite = true;
        script.fill(seed, records, stateEvery, seqOffset);
        return script;
    }

    /** {@code records} records per stream, interleaved at random (seeded), states every {@code stateEvery}. */
    public static SyncScript generate(long seed, int records, int stateEvery) {
        SyncScript script = new SyncScript();
        script.fill(seed, records, stateEvery, 0);
        return script;
    }

    private void fill(long seed, int records, int stateEvery, long seqOffset) {
        SyncScript script = this;
        Random random = new Random(seed);
        Map<String, Integer> sent = new HashMap<>();
        STREAMS.forEach(s -> sent.put(s, 0));
        long seq = seqOffset;
        int stateId = (int) (seqOffset % 1_000_000_000);
        while (sent.values().stream().anyMatch(n -> n < records)) {
            String stream = STREAMS.get(random.nextInt(STREAMS.size()));
            int n = sent.get(stream);
            if (n >= records) {
                continue;
            }
            long id = stream.equals("dd") ? random.nextInt(DEDUP_KEYS) : seq;
            String data = "{\"seq\":" + seq + ",\"id\":" + id + ",\"upd\":" + seq + ",\"v\":\"value " + seq + "\"}";
            script.lines.add(new Line(stream, seq, -1, record(stream, data)));
            script.streamOfSeq.put(seq, stream);
            script.dedupKeyOfSeq.put(seq, id);
            seq++;
            sent.put(stream, n + 1);
            if ((n + 1) % stateEvery == 0 || n + 1 == records) {
                script.lines.add(new Line(stream, -1, stateId, state(stream, stateId)));
                stateId++;
            }
        }
        for (String stream : STREAMS) {
            script.lines.add(new Line(stream, -1, -1, status(stream)));
        }
    }

    /** The seqs of one stream's records in this script. */
    public Set<Long> seqsOf(String stream) {
        Set<Long> seqs = new HashSet<>();
        streamOfSeq.forEach((seq, s) -> {
            if (s.equals(stream)) {
                seqs.add(seq);
            }
        });
        return seqs;
    }

    public ObjectNode catalog() {
        ObjectNode catalog = JsonNodeFactory.instance.objectNode();
        ArrayNode streams = catalog.putArray("streams");
        for (String name : STREAMS) {
            ObjectNode configured = streams.addObject();
            ObjectNode stream = configured.putObject("stream");
            stream.put("name", name);
            stream.put("namespace", NAMESPACE);
            ObjectNode properties =
                    stream.putObject("json_schema").put("type", "object").putObject("properties");
            properties.putObject("seq").put("type", "integer");
            properties.putObject("id").put("type", "integer");
            properties.putObject("upd").put("type", "integer");
            properties.putObject("v").put("type", "string");
            stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
            configured.put("sync_mode", "incremental");
            boolean overwrite = app2Overwrite && name.equals("app2");
            if (name.equals("dd")) {
                configured.put("destination_sync_mode", "append_dedup");
                configured.putArray("primary_key").addArray().add("id");
                configured.putArray("cursor_field").add("upd");
            } else {
                configured.put("destination_sync_mode", overwrite ? "overwrite" : "append");
            }
            configured.put("generation_id", generation);
            configured.put("minimum_generation_id", overwrite ? generation : 0);
            configured.put("sync_id", 42);
        }
        return catalog;
    }

    /** The first attempt's input: every line. Counts every record as sent once. */
    public List<String> firstAttempt() {
        return send(lines);
    }

    /**
     * The next attempt's input after an attempt that sent {@code previous} and echoed {@code echoed}
     * (STATE messages): per stream, the lines after the last echoed state of that stream.
     */
    public List<String> resend(List<Line> previous, List<JsonNode> echoed) {
        Set<Integer> echoedIds = new HashSet<>();
        for (JsonNode state : echoed) {
            echoedIds.add(state.path("state").path("id").asInt());
        }
        Map<String, Integer> resumeAfter = new HashMap<>();
        for (int i = 0; i < previous.size(); i++) {
            Line line = previous.get(i);
            if (line.stateId() >= 0 && echoedIds.contains(line.stateId())) {
                resumeAfter.put(line.stream(), i);
            }
        }
        List<Line> next = new ArrayList<>();
        for (int i = 0; i < previous.size(); i++) {
            Line line = previous.get(i);
            if (i > resumeAfter.getOrDefault(line.stream(), -1)) {
                next.add(line);
            }
        }
        lastAttempt = next;
        return send(next);
    }

    private List<Line> lastAttempt = List.of();

    /** The lines of the attempt last built (for {@link #resend}). */
    public List<Line> lastAttemptLines() {
        return lastAttempt;
    }

    private List<String> send(List<Line> attempt) {
        lastAttempt = attempt;
        List<String> json = new ArrayList<>();
        for (Line line : attempt) {
            if (line.seq() >= 0) {
                timesSent.merge(line.seq(), 1, Integer::sum);
            }
            json.add(line.json());
        }
        return json;
    }

    public int recordCount() {
        return streamOfSeq.size();
    }

    /** Records sent more than once so far (the at-least-once window of all attempts). */
    public long resentRecords() {
        return timesSent.values().stream().filter(n -> n > 1).count();
    }

    /**
     * Every record is in its raw and final table; the dedup table holds exactly the latest version of
     * each key; an append table holds a record at most as often as it was sent, and records sent only
     * once (before every failed attempt's last echoed state) exactly once.
     */
    public void verify(TestDatabase db) {
        for (String stream : List.of("app1", "app2")) {
            Map<Long, Long> finalCounts =
                    counts(db, "SELECT seq, count(*) FROM " + NAMESPACE + "." + stream + " GROUP BY seq");
            Map<Long, Long> rawCounts = counts(
                    db,
                    "SELECT (_airbyte_data->>'seq')::bigint, count(*) FROM " + "airbyte_internal." + NAMESPACE
                            + "_raw__stream_" + stream + " GROUP BY 1");
            for (Map.Entry<Long, String> entry : streamOfSeq.entrySet()) {
                if (!entry.getValue().equals(stream)) {
                    continue;
                }
                long seq = entry.getKey();
                int sent = timesSent.getOrDefault(seq, 0);
                assertThat(finalCounts.getOrDefault(seq, 0L))
                        .as("copies of record %d in %s (sent %d times)", seq, stream, sent)
                        .isBetween(1L, (long) sent);
                assertThat(rawCounts.getOrDefault(seq, 0L))
                        .as("raw copies of record %d in %s (sent %d times)", seq, stream, sent)
                        .isBetween(1L, (long) sent);
            }
            long expected = streamOfSeq.values().stream().filter(stream::equals).count();
            assertThat(finalCounts.keySet().stream().filter(streamOfSeq::containsKey))
                    .as("distinct records in %s", stream)
                    .hasSize((int) expected);
            if (app2Overwrite && stream.equals("app2")) {
                assertThat(streamOfSeq.keySet())
                        .as("an overwrite table holds only the last generation")
                        .containsAll(finalCounts.keySet());
            }
        }
        Map<Long, Long> latest = new HashMap<>();
        streamOfSeq.forEach((seq, stream) -> {
            if (stream.equals("dd")) {
                latest.merge(dedupKeyOfSeq.get(seq), seq, Math::max);
            }
        });
        Map<Long, Long> dedup = counts(db, "SELECT id, max(seq) FROM " + NAMESPACE + ".dd GROUP BY id");
        assertThat(dedup).as("latest seq per key in the dedup table").isEqualTo(latest);
        assertThat(db.queryValue("SELECT count(*) FROM " + NAMESPACE + ".dd"))
                .as("rows in the dedup table")
                .isEqualTo((long) latest.size());
        Map<Long, Long> rawDedup = counts(
                db,
                "SELECT (_airbyte_data->>'seq')::bigint, count(*) FROM " + "airbyte_internal." + NAMESPACE
                        + "_raw__stream_dd GROUP BY 1");
        streamOfSeq.forEach((seq, stream) -> {
            if (stream.equals("dd")) {
                assertThat(rawDedup).as("raw table of dd holds record %d", seq).containsKey(seq);
            }
        });
        assertThat(db.queryValue("SELECT count(*) FROM " + NAMESPACE + ".app1 WHERE v IS NULL OR id IS NULL"))
                .as("typed values")
                .isEqualTo(0L);
    }

    private static Map<Long, Long> counts(TestDatabase db, String sql) {
        Map<Long, Long> counts = new HashMap<>();
        for (Map<String, Object> row : db.query(sql)) {
            List<Object> values = new ArrayList<>(row.values());
            counts.put(((Number) values.get(0)).longValue(), ((Number) values.get(1)).longValue());
        }
        return counts;
    }

    private static String record(String stream, String data) {
        return "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"" + NAMESPACE + "\",\"stream\":\"" + stream
                + "\",\"emitted_at\":1700000000000,\"data\":" + data + "}}";
    }

    private static String state(String stream, int id) {
        return "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{"
                + "\"namespace\":\"" + NAMESPACE + "\",\"name\":\"" + stream + "\"},\"stream_state\":{\"cursor\":"
                + id + "}},\"id\":" + id + "}}";
    }

    private static String status(String stream) {
        return "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1.0,\"stream_status\":{"
                + "\"stream_descriptor\":{\"namespace\":\"" + NAMESPACE + "\",\"name\":\"" + stream
                + "\"},\"status\":\"COMPLETE\"}}}";
    }
}
