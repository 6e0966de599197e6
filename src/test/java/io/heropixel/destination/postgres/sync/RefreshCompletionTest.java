package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static io.heropixel.destination.postgres.sync.WriteHarness.streamState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stream completion (docs/write-path.md#completion, docs/refreshes.md#truncate-refresh): with any generation
 * id &gt; 0 in the catalog, a truncate is swapped in (and the previous data deleted) only for a stream that
 * received COMPLETE; an input without any status completes only a catalog whose streams all have generation
 * 0; the raw and the final swap of a refresh are one transaction.
 */
@ExtendWith(TestingPostgres.class)
class RefreshCompletionTest {
    private static final String NO_STATUS = null;
    private static final String NOT_COMPLETE = "did not complete";

    /** A write's result and what it logged to stderr. */
    private record Attempt(ConnectorRun run, String stderr) {
        Attempt ok() {
            assertThat(run.exitCode()).as(run.stdout() + "\n" + stderr).isZero();
            return this;
        }

        List<String> warnings() {
            return run.ofType("LOG").stream()
                    .map(m -> m.path("log"))
                    .filter(l -> "WARN".equals(l.path("level").asText()))
                    .map(l -> l.path("message").asText())
                    .toList();
        }

        List<Integer> echoedStateIds() {
            return run.ofType("STATE").stream()
                    .map(s -> s.path("state").path("id").asInt())
                    .toList();
        }
    }

    private static Attempt write(TestDatabase db, JsonNode catalog, List<String> lines) {
        PrintStream previous = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, String.join("\n", lines) + "\n");
            return new Attempt(run, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }

    /** Records of stream ns.{@code name} with these ids, then the status (none when null). */
    private static List<String> lines(String name, String statusValue, int... ids) {
        List<String> lines = new ArrayList<>();
        for (int id : ids) {
            lines.add(record("ns", name, "{\"id\":" + id + ",\"name\":\"n" + id + "\"}", 1000 + id));
        }
        lines.add(streamState("ns", name, ids.length == 0 ? 0 : ids[ids.length - 1], "c"));
        if (statusValue != null) {
            lines.add(status("ns", name, statusValue));
        }
        return lines;
    }

    private static ObjectNode truncate(String name, long generation) {
        return stream("ns", name, "append", generation, generation);
    }

    private static List<Object> ids(TestDatabase db, String table) {
        return db.query("SELECT id FROM " + table + " ORDER BY id, _airbyte_raw_id").stream()
                .map(row -> row.get("id"))
                .toList();
    }

    private static List<Object> rawIds(TestDatabase db, String table) {
        return db
                .query("SELECT (_airbyte_data->>'id')::bigint AS id FROM " + table + " ORDER BY 1, _airbyte_raw_id")
                .stream()
                .map(row -> row.get("id"))
                .toList();
    }

    private static List<Object> generations(TestDatabase db, String table) {
        return db.query("SELECT DISTINCT _airbyte_generation_id AS g FROM " + table + " ORDER BY 1").stream()
                .map(row -> row.get("g"))
                .toList();
    }

    private static boolean exists(TestDatabase db, String table) {
        return (Boolean) db.queryValue("SELECT to_regclass('" + table + "') IS NOT NULL");
    }

    private static String raw(String name) {
        return "airbyte_internal.ns_raw__stream_" + name;
    }

    /** Generation 1 of ns.{@code name} with ids 1 and 2, complete. */
    private static void firstGeneration(TestDatabase db, String name) {
        write(db, catalog(truncate(name, 1)), lines(name, "COMPLETE", 1, 2)).ok();
        assertThat(ids(db, "ns." + name)).containsExactly(1L, 2L);
    }

    /** The previous generation (ids 1, 2 of generation 1) is whole in the raw and the final table. */
    private static void previousGenerationIntact(TestDatabase db, String name) {
        assertThat(ids(db, "ns." + name))
                .as("final table keeps the previous data")
                .containsExactly(1L, 2L);
        assertThat(rawIds(db, raw(name)))
                .as("raw table keeps the previous data")
                .containsExactly(1L, 2L);
        assertThat(generations(db, "ns." + name)).containsExactly(1L);
        assertThat(generations(db, raw(name))).containsExactly(1L);
    }

    @Test
    void aTruncateRefreshWhoseInputEndsWithoutAnyStatusKeepsThePreviousData(TestDatabase db) {
        firstGeneration(db, "t");

        Attempt failed = write(db, catalog(truncate("t", 2)), lines("t", NO_STATUS, 3, 4))
                .ok();

        previousGenerationIntact(db, "t");
        assertThat(rawIds(db, raw("t") + "_airbyte_tmp"))
                .as("the new generation so far waits in the temp table")
                .containsExactly(3L, 4L);
        assertThat(ids(db, "ns.t_airbyte_tmp")).containsExactly(3L, 4L);
        assertThat(failed.echoedStateIds())
                .as("committed rows are acknowledged")
                .containsExactly(4);
        assertThat(failed.stderr()).contains(NOT_COMPLETE, "ns.t (no status)", "next attempt");
        assertThat(failed.warnings()).singleElement().asString().contains("ns.t (no status)");
    }

    @Test
    void aTruncateRefreshEndingIncompleteKeepsThePreviousData(TestDatabase db) {
        firstGeneration(db, "t");

        Attempt failed = write(db, catalog(truncate("t", 2)), lines("t", "INCOMPLETE", 3))
                .ok();

        previousGenerationIntact(db, "t");
        assertThat(ids(db, "ns.t_airbyte_tmp")).containsExactly(3L);
        assertThat(failed.stderr()).contains(NOT_COMPLETE, "ns.t (last status INCOMPLETE)");
    }

    @Test
    void theRetryWithCompleteEndsExact(TestDatabase db) {
        // an append and a dedup truncate refresh; the failed attempt echoes the state after ids 3 and 4, then
        // loads id 5 and ends without a status; the retry resends from that state (5 again) and completes
        ObjectNode dedup = stream("ns", "d", "append_dedup", 1, 1);
        dedup.putArray("primary_key").addArray().add("id");
        List<String> first = new ArrayList<>(lines("t", "COMPLETE", 1, 2));
        first.addAll(lines("d", "COMPLETE", 1, 2));
        write(db, catalog(truncate("t", 1), dedup), first).ok();
        ObjectNode dedup2 = dedup.deepCopy().put("generation_id", 2).put("minimum_generation_id", 2);
        JsonNode refresh = catalog(truncate("t", 2), dedup2);

        List<String> failed = new ArrayList<>();
        for (String name : List.of("t", "d")) {
            failed.addAll(lines(name, NO_STATUS, 3, 4));
            failed.add(record("ns", name, "{\"id\":5,\"name\":\"n5\"}", 1005));
        }
        write(db, refresh, failed).ok();
        previousGenerationIntact(db, "t");
        previousGenerationIntact(db, "d");

        List<String> retry = new ArrayList<>();
        for (String name : List.of("t", "d")) {
            retry.addAll(lines(name, "COMPLETE", 5, 6));
        }
        Attempt completed = write(db, refresh, retry).ok();

        assertThat(completed.warnings()).isEmpty();
        assertThat(ids(db, "ns.t"))
                .as("append: each record once, except id 5, sent after the last echoed state")
                .containsExactly(3L, 4L, 5L, 5L, 6L);
        assertThat(ids(db, "ns.d")).as("dedup: exact").containsExactly(3L, 4L, 5L, 6L);
        for (String name : List.of("t", "d")) {
            assertThat(rawIds(db, raw(name))).containsExactly(3L, 4L, 5L, 5L, 6L);
            assertThat(generations(db, raw(name))).as("old generation gone").containsExactly(2L);
            assertThat(generations(db, "ns." + name)).containsExactly(2L);
            assertThat(exists(db, raw(name) + "_airbyte_tmp")).isFalse();
            assertThat(exists(db, "ns." + name + "_airbyte_tmp")).isFalse();
        }
    }

    @Test
    void aGenerationZeroCatalogWithoutStatusesCompletesAtTheEndOfInput(TestDatabase db) {
        JsonNode overwrite = catalog(stream("ns", "o", "overwrite", 0, 0));
        write(db, overwrite, lines("o", NO_STATUS, 1, 2)).ok();

        Attempt second = write(db, overwrite, lines("o", NO_STATUS, 3)).ok();

        assertThat(ids(db, "ns.o")).containsExactly(3L);
        assertThat(rawIds(db, raw("o"))).containsExactly(3L);
        assertThat(exists(db, raw("o") + "_airbyte_tmp")).isFalse();
        assertThat(second.stderr()).doesNotContain(NOT_COMPLETE);
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void inAMixedCatalogOnlyTheStreamWithCompleteIsSwappedIn(TestDatabase db) {
        List<String> first = new ArrayList<>(lines("a", "COMPLETE", 1, 2));
        first.addAll(lines("b", "COMPLETE", 1, 2));
        write(db, catalog(truncate("a", 1), truncate("b", 1)), first).ok();

        List<String> second = new ArrayList<>(lines("a", "COMPLETE", 3));
        second.addAll(lines("b", NO_STATUS, 3));
        Attempt mixed =
                write(db, catalog(truncate("a", 2), truncate("b", 2)), second).ok();

        assertThat(ids(db, "ns.a")).containsExactly(3L);
        assertThat(rawIds(db, raw("a"))).containsExactly(3L);
        previousGenerationIntact(db, "b");
        assertThat(ids(db, "ns.b_airbyte_tmp")).containsExactly(3L);
        assertThat(mixed.stderr()).contains(NOT_COMPLETE, "ns.b (no status)").doesNotContain("ns.a (");
    }

    @Test
    void aGenerationZeroOverwriteBesideAStreamWithAGenerationIdNeedsItsComplete(TestDatabase db) {
        // one stream with a generation id means the platform sends statuses: no status is a failed source
        ObjectNode overwrite = stream("ns", "o", "overwrite", 0, 0);
        ObjectNode merge = stream("ns", "m", "append", 3, 0);
        List<String> first = new ArrayList<>(lines("o", "COMPLETE", 1, 2));
        first.addAll(lines("m", "COMPLETE", 1));
        write(db, catalog(overwrite, merge), first).ok();

        List<String> second = new ArrayList<>(lines("o", NO_STATUS, 3));
        second.addAll(lines("m", NO_STATUS, 2));
        Attempt attempt = write(db, catalog(overwrite, merge), second).ok();

        assertThat(ids(db, "ns.o")).as("the overwrite was not swapped in").containsExactly(1L, 2L);
        assertThat(rawIds(db, raw("o"))).containsExactly(1L, 2L);
        assertThat(ids(db, "ns.m")).as("appended rows are kept and typed").containsExactly(1L, 2L);
        assertThat(attempt.stderr()).contains("ns.o (no status)", "ns.m (no status)");
    }

    @Test
    void theRawAndTheFinalSwapAreOneTransaction(TestDatabase db) {
        firstGeneration(db, "t");
        // The raw table is replaced first; dropping the final table then fails: neither may be replaced.
        db.execute(
                "CREATE FUNCTION public.refuse_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects()"
                        + " WHERE object_type = 'table' AND object_identity = 'ns.t') THEN"
                        + " RAISE EXCEPTION 'ns.t may not be dropped now'; END IF; END $$",
                "CREATE EVENT TRIGGER refuse_drop ON sql_drop EXECUTE PROCEDURE public.refuse_drop()");

        Attempt failed = write(db, catalog(truncate("t", 2)), lines("t", "COMPLETE", 3));

        assertThat(failed.run().exitCode()).as(failed.run().stdout()).isNotZero();
        assertThat(failed.run().stdout()).contains("ns.t may not be dropped now");
        previousGenerationIntact(db, "t");
        assertThat(rawIds(db, raw("t") + "_airbyte_tmp")).containsExactly(3L);
        assertThat(ids(db, "ns.t_airbyte_tmp")).containsExactly(3L);

        db.execute("DROP EVENT TRIGGER refuse_drop");
        write(db, catalog(truncate("t", 2)), lines("t", "COMPLETE", 4)).ok();

        assertThat(ids(db, "ns.t")).containsExactly(3L, 4L);
        assertThat(rawIds(db, raw("t"))).containsExactly(3L, 4L);
        assertThat(exists(db, raw("t") + "_airbyte_tmp")).isFalse();
    }
}
