package io.heropixel.destination.postgres.model;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One small history per switch of {@link KnownDefects}, checked against the model's NEW rule. Each is
 * skipped while its switch is on (the defect is not fixed on this branch) and runs once it is flipped off;
 * run with the switch flipped before the fix, each fails (that is how they were checked).
 */
class KnownDefectsTest {
    private static final String TS = "ts";
    private static final String DAY = "day";

    /** A truncate refresh whose input ends without any status keeps the previous generation. */
    @Test
    void refreshWithoutCompleteKeepsThePreviousGeneration() {
        assumeFalse(KnownDefects.REFRESH_WITHOUT_COMPLETE_WIPES);
        StreamSpec gen1 = stream(null, "users", "overwrite", 1, 1, 101);
        StreamSpec gen2 = stream(null, "users", "overwrite", 2, 2, 102);
        SyncSpec first = sync(
                List.of(gen1),
                Ending.COMPLETE,
                99,
                record(gen1, "{\"id\":1,\"upd\":1}", 1),
                record(gen1, "{\"id\":2,\"upd\":1}", 2));
        SyncSpec second = sync(
                List.of(gen2),
                Ending.NO_STATUS,
                1,
                record(gen2, "{\"id\":3,\"upd\":1}", 3),
                record(gen2, "{\"id\":4,\"upd\":1}", 4));
        ModelRegressionTest.assertPasses(new History(0, List.of(first, second)));
    }

    /** {@code now}, {@code today}, {@code epoch}, {@code infinity} are not ISO 8601: NULL plus a change. */
    @Test
    void specialDateWordsAreNulled() {
        assumeFalse(KnownDefects.SPECIAL_DATE_WORDS);
        StreamSpec s = stream(null, "users", "append", 0, 0, 101);
        ModelRegressionTest.assertPasses(new History(
                0,
                List.of(sync(
                        List.of(s),
                        Ending.COMPLETE,
                        99,
                        record(s, "{\"id\":1,\"ts\":\"now\",\"day\":\"today\"}", 1),
                        record(s, "{\"id\":2,\"ts\":\"epoch\",\"day\":\"tomorrow\"}", 2),
                        record(s, "{\"id\":3,\"ts\":\"infinity\",\"day\":\"allballs\"}", 3)))));
    }

    /** Years after 9999 are NULL plus a change, as docs/guarantees.md promises. */
    @Test
    void yearsAfter9999AreNulled() {
        assumeFalse(KnownDefects.YEARS_AFTER_9999);
        StreamSpec s = stream(null, "users", "append", 0, 0, 101);
        ModelRegressionTest.assertPasses(new History(
                0,
                List.of(sync(
                        List.of(s),
                        Ending.COMPLETE,
                        99,
                        record(s, "{\"id\":1,\"ts\":\"10000-01-01T00:00:00Z\",\"day\":\"10000-01-01\"}", 1)))));
    }

    /** {@code "2E1"} is the integer 20 in a bigint column, like the JSON number {@code 2e1}. */
    @Test
    void exponentStringIntegersLoad() {
        assumeFalse(KnownDefects.EXPONENT_STRING_INTEGERS);
        StreamSpec s = stream(null, "users", "append_dedup", 0, 0, 101);
        ModelRegressionTest.assertPasses(new History(
                0,
                List.of(sync(
                        List.of(s),
                        Ending.COMPLETE,
                        99,
                        record(s, "{\"id\":1,\"upd\":\"2E1\"}", 1),
                        record(s, "{\"id\":1,\"upd\":3}", 2),
                        record(s, "{\"id\":2,\"upd\":2e1}", 3)))));
    }

    /** A colliding newcomer gets the suffix; the existing stream keeps its tables, also after it leaves. */
    @Test
    void aCollidingNewcomerDoesNotMoveAnExistingStream() {
        assumeFalse(KnownDefects.NAMES_FROM_CATALOG_OF_THE_DAY);
        // "Users" sorts before "users": by the catalog of the day it would take the plain names
        StreamSpec lower = stream(null, "users", "append", 0, 0, 101);
        StreamSpec upper = stream(null, "Users", "overwrite", 0, 0, 102);
        ModelRegressionTest.assertPasses(new History(
                0,
                List.of(
                        sync(List.of(lower), Ending.COMPLETE, 99, record(lower, "{\"id\":1}", 1)),
                        sync(
                                List.of(lower, upper),
                                Ending.COMPLETE,
                                99,
                                record(lower, "{\"id\":2}", 2),
                                record(upper, "{\"id\":3}", 3)),
                        sync(List.of(upper), Ending.COMPLETE, 99, record(upper, "{\"id\":4}", 4)))));
    }

    /** A stream named like another's temp table, and no staging table left after a dedup truncate. */
    @Test
    void internalTablesDoNotCollideAndAreRemoved() {
        assumeFalse(KnownDefects.INTERNAL_TABLE_NAME_COLLISIONS);
        StreamSpec events = stream(null, "events", "append_dedup", 1, 0, 101);
        StreamSpec tmp = stream(null, "events_airbyte_tmp", "append", 1, 0, 101);
        StreamSpec refresh = stream(null, "events", "append_dedup", 2, 2, 102);
        ModelRegressionTest.assertPasses(new History(
                0,
                List.of(
                        sync(
                                List.of(tmp, events),
                                Ending.COMPLETE,
                                99,
                                record(events, "{\"id\":1,\"upd\":1}", 1),
                                record(tmp, "{\"id\":2}", 2)),
                        sync(List.of(refresh), Ending.COMPLETE, 99, record(refresh, "{\"id\":3,\"upd\":1}", 3)))));
    }

    static StreamSpec stream(String namespace, String name, String mode, long generation, long minimum, long syncId) {
        LinkedHashMap<String, ColType> columns = new LinkedHashMap<>();
        columns.put("id", ColType.INTEGER);
        columns.put("upd", ColType.INTEGER);
        columns.put(TS, ColType.TIMESTAMPTZ);
        columns.put(DAY, ColType.DATE);
        return new StreamSpec(namespace, name, mode, List.of("id"), "upd", columns, generation, minimum, syncId);
    }

    /** A sync of the given streams and records (a state after each); {@code cut} as in {@link SyncSpec}. */
    static SyncSpec sync(List<StreamSpec> streams, Ending ending, int cut, Event... records) {
        List<Event> events = new ArrayList<>();
        for (Event r : records) {
            events.add(r);
            StreamSpec s = streams.stream()
                    .filter(x -> x.key().equals(r.streamKey()))
                    .findFirst()
                    .orElseThrow();
            String line = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
                    + Lines.write(Lines.descriptor(s)) + ",\"stream_state\":{\"at\":" + r.emittedAt() + "}}}}";
            events.add(Event.state(r.streamKey(), line, line.length() - 2));
        }
        return new SyncSpec(streams, events, ending, Math.min(cut, events.size()));
    }

    static Event record(StreamSpec s, String data, int n) {
        return Event.record(s.key(), (ObjectNode) Lines.parse(data), 1_714_557_600_000L + n * 1000L);
    }
}
