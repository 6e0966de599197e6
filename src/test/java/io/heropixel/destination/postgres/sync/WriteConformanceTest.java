package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.Conformance.assertRows;
import static io.heropixel.destination.postgres.sync.Conformance.dump;
import static io.heropixel.destination.postgres.sync.Conformance.jsonl;
import static io.heropixel.destination.postgres.sync.Conformance.liftRaw;
import static io.heropixel.destination.postgres.sync.Conformance.withGeneration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end-to-end scenarios of src/test/resources/conformance/airbyte/catalogs/scenarios.json (Airbyte's
 * BaseTypingDedupingTest and the Postgres-only tests): each step runs the real {@code write} with the
 * step's catalog and messages, then the raw and final tables are compared with the expected rows. The two
 * scenarios of more than 100 000 records are in {@link WriteConformanceLargeTest}.
 */
@ExtendWith(TestingPostgres.class)
class WriteConformanceTest {
    static final String SYNC1 = "cdk-dat/sync1_messages.jsonl";
    private static final String SYNC2 = "cdk-dat/sync2_messages.jsonl";
    static final String DAT = "postgres-dat/";

    /** Runs one step: every catalog stream gets the messages of {@code files}, then a status if given. */
    private static ConnectorRun step(
            TestDatabase db, ObjectNode config, ObjectNode catalog, List<String> files, String status) {
        List<String> lines = new ArrayList<>();
        for (String[] stream : Conformance.streams(catalog)) {
            for (String file : files) {
                lines.addAll(Conformance.messages(file, stream[0], stream[1]));
            }
        }
        if (status != null) {
            for (String[] stream : Conformance.streams(catalog)) {
                lines.add(Conformance.statusLine(stream[0], stream[1], status));
            }
        }
        ConnectorRun run = ConnectorRun.inProcessWrite(config, catalog, String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as("exit code; stdout: " + run.stdout()).isZero();
        return run;
    }

    static ObjectNode catalog(String name, Object generation) {
        return Conformance.json("catalogs/" + name.replace("{G}", String.valueOf(generation)) + ".json");
    }

    static StreamPlan only(ObjectNode config, ObjectNode catalog) {
        Map<String, StreamPlan> plans = Conformance.plans(config, catalog);
        assertThat(plans).hasSize(1);
        return plans.values().iterator().next();
    }

    static void expectTables(TestDatabase db, StreamPlan plan, List<ObjectNode> raw, List<ObjectNode> finalRows) {
        if (!TestDatabase.directLoad()) { // direct_load writes no raw rows
            assertRows("raw " + plan.rawTable(), liftRaw(raw), liftRaw(dump(db, plan.rawTable())));
        }
        assertRows("final " + plan.finalTable(), finalRows, dump(db, plan.finalTable()));
    }

    private static void expectFiles(TestDatabase db, StreamPlan plan, String raw, String finalRows, Long generation) {
        expectTables(
                db,
                plan,
                withGeneration(jsonl(DAT + raw), generation),
                withGeneration(jsonl(DAT + finalRows), generation));
    }

    /** Two syncs of one stream with the same (parameterised) catalog. */
    private static void twoSyncs(
            TestDatabase db, String catalogName, long g, String raw1, String final1, String raw2, String final2) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog(catalogName, g);
        StreamPlan plan = only(config, catalog);
        step(db, config, catalog, List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, raw1, final1, g);
        step(db, config, catalog, List.of(SYNC2), "COMPLETE");
        expectFiles(db, plan, raw2, final2, g);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void incrementalAppend(long g, TestDatabase db) {
        twoSyncs(
                db,
                "incrementalAppend_gen{G}",
                g,
                "sync1_expectedrecords_raw.jsonl",
                "sync1_expectedrecords_nondedup_final.jsonl",
                "sync2_expectedrecords_raw.jsonl",
                "sync2_expectedrecords_fullrefresh_append_final.jsonl");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void incrementalDedup(long g, TestDatabase db) {
        twoSyncs(
                db,
                "incrementalDedup_gen{G}",
                g,
                "sync1_expectedrecords_raw.jsonl",
                "sync1_expectedrecords_dedup_final.jsonl",
                "sync2_expectedrecords_raw.jsonl",
                "sync2_expectedrecords_incremental_dedup_final.jsonl");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void incrementalDedupDefaultNamespace(long g, TestDatabase db) {
        twoSyncs(
                db,
                "incrementalDedupDefaultNamespace_gen{G}",
                g,
                "sync1_expectedrecords_raw.jsonl",
                "sync1_expectedrecords_dedup_final.jsonl",
                "sync2_expectedrecords_raw.jsonl",
                "sync2_expectedrecords_incremental_dedup_final.jsonl");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void interruptedMergeRefresh(long g, TestDatabase db) {
        twoSyncs(
                db,
                "interruptedMergeRefresh_gen{G}",
                g,
                "sync1_expectedrecords_raw.jsonl",
                "sync1_expectedrecords_nondedup_final.jsonl",
                "sync2_expectedrecords_with_new_gen_id_raw.jsonl",
                "sync2_expectedrecords_fullrefresh_append_with_new_gen_id_final.jsonl");
    }

    @Test
    void mergeRefresh(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = only(config, catalog("mergeRefresh_sync1", 0));
        step(db, config, catalog("mergeRefresh_sync1", 0), List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", null);
        step(db, config, catalog("mergeRefresh_sync2", 0), List.of(SYNC2), "COMPLETE");
        expectFiles(
                db,
                plan,
                "sync2_expectedrecords_with_new_gen_id_raw.jsonl",
                "sync2_expectedrecords_fullrefresh_append_with_new_gen_id_final.jsonl",
                null);
    }

    @Test
    void truncateRefresh(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = only(config, catalog("truncateRefresh_sync1", 0));
        step(db, config, catalog("truncateRefresh_sync1", 0), List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", null);
        step(db, config, catalog("truncateRefresh_sync2", 0), List.of(SYNC2), "COMPLETE");
        // The expected final file is missing from the fixtures; by construction it is the sync-2 overwrite rows,
        // generation 44.
        expectTables(
                db,
                plan,
                jsonl(DAT + "sync2_expectedrecords_fullrefresh_overwrite_with_new_gen_id_raw.jsonl"),
                withGeneration(jsonl(DAT + "sync2_expectedrecords_fullrefresh_overwrite_final.jsonl"), 44L));
        assertThat(db.queryValue("SELECT to_regclass('" + plan.rawTempTable().quoted() + "')"))
                .isNull();
    }

    @Test
    void interruptedOverwriteWithoutPriorData(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("interruptedOverwriteWithoutPriorData", 0);
        StreamPlan plan = only(config, catalog);
        step(db, config, catalog, List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", null);
        step(db, config, catalog, List.of(SYNC2), "COMPLETE");
        expectFiles(
                db,
                plan,
                "sync2_expectedrecords_raw.jsonl",
                "sync2_expectedrecords_fullrefresh_append_final.jsonl",
                null);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void incrementalDedupChangeCursor(long g, TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = only(config, catalog("incrementalDedupChangeCursor_sync1_gen{G}", g));
        step(
                db,
                config,
                catalog("incrementalDedupChangeCursor_sync1_gen{G}", g),
                List.of("cdk-dat/sync1_cursorchange_messages.jsonl"),
                "COMPLETE");
        expectFiles(
                db,
                plan,
                "sync1_cursorchange_expectedrecords_dedup_raw.jsonl",
                "sync1_cursorchange_expectedrecords_dedup_final.jsonl",
                g);
        step(db, config, catalog("incrementalDedupChangeCursor_sync2_gen{G}", g), List.of(SYNC2), "COMPLETE");
        // The cursor changed, so the final table is rebuilt from the raw rows (as 2.x did): the rows equal the
        // fixture. The removed column old_cursor stays, NULL after the rebuild (its values stay in the raw table).
        List<ObjectNode> expectedFinal =
                withGeneration(jsonl(DAT + "sync2_cursorchange_expectedrecords_incremental_dedup_final.jsonl"), g);
        if (TestDatabase.directLoad()) {
            // no raw table to rebuild from: deduplicated again in place, so old_cursor keeps its values
            List<ObjectNode> rows = dump(db, plan.finalTable());
            rows.forEach(row -> row.remove("old_cursor"));
            assertRows("final " + plan.finalTable(), expectedFinal, rows);
            return;
        }
        expectTables(
                db,
                plan,
                withGeneration(jsonl(DAT + "sync2_cursorchange_expectedrecords_incremental_dedup_raw.jsonl"), g),
                expectedFinal);
    }

    @Test
    void incrementalDedupIdenticalName(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("incrementalDedupIdenticalName", 0);
        Map<String, StreamPlan> plans = Conformance.plans(config, catalog);
        String[][] files = {
            {"sync1_messages.jsonl", "sync1_messages2.jsonl"}, {"sync2_messages.jsonl", "sync2_messages2.jsonl"}
        };
        String[][] expected = {
            {
                "sync1_expectedrecords_raw.jsonl",
                "sync1_expectedrecords_dedup_final.jsonl",
                "sync1_expectedrecords_raw2.jsonl",
                "sync1_expectedrecords_dedup_final2.jsonl"
            },
            {
                "sync2_expectedrecords_raw.jsonl",
                "sync2_expectedrecords_incremental_dedup_final.jsonl",
                "sync2_expectedrecords_raw2.jsonl",
                "sync2_expectedrecords_incremental_dedup_final2.jsonl"
            }
        };
        for (int sync = 0; sync < 2; sync++) {
            List<String> lines = new ArrayList<>();
            lines.addAll(Conformance.messages("cdk-dat/" + files[sync][0], "tdtest_conformance_1", "test_conformance"));
            lines.addAll(Conformance.messages("cdk-dat/" + files[sync][1], "tdtest_conformance_2", "test_conformance"));
            lines.add(Conformance.statusLine("tdtest_conformance_1", "test_conformance", "COMPLETE"));
            lines.add(Conformance.statusLine("tdtest_conformance_2", "test_conformance", "COMPLETE"));
            assertThat(ConnectorRun.inProcessWrite(config, catalog, String.join("\n", lines))
                            .exitCode())
                    .isZero();
            expectFiles(
                    db, plans.get("tdtest_conformance_1.test_conformance"), expected[sync][0], expected[sync][1], null);
            expectFiles(
                    db, plans.get("tdtest_conformance_2.test_conformance"), expected[sync][2], expected[sync][3], null);
        }
    }

    @Test
    void testManyStreamsCompletion(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("testManyStreamsCompletion", 0);
        step(db, config, catalog, List.of(SYNC1), "COMPLETE");
        Map<String, StreamPlan> plans = Conformance.plans(config, catalog);
        assertThat(plans).hasSize(21);
        for (StreamPlan plan : plans.values()) {
            if (!TestDatabase.directLoad()) {
                assertThat(dump(db, plan.rawTable())).hasSize(5);
            }
            assertThat(dump(db, plan.finalTable())).hasSize(5);
        }
    }

    @Test
    void testDisableTypingDeduping(TestDatabase db) {
        assumeFalse(TestDatabase.directLoad(), "raw tables only: not a direct_load scenario");
        ObjectNode config = db.config();
        config.put("disable_type_dedupe", true);
        ObjectNode catalog = catalog("testDisableTypingDeduping", 0);
        StreamPlan plan = only(config, catalog);
        step(db, config, catalog, List.of(SYNC1), "COMPLETE");
        assertRows(
                "raw",
                liftRaw(withGeneration(jsonl(DAT + "sync1_expectedrecords_raw.jsonl"), null)),
                liftRaw(dump(db, plan.rawTable())));
        assertThat(db.queryValue("SELECT to_regclass('" + plan.finalTable().quoted() + "')"))
                .isNull();
    }

    @Test
    void testVarcharLimitOver64K(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("postgres_testVarcharLimitOver64K", 0);
        StreamPlan plan = only(config, catalog);
        String[] stream = Conformance.streams(catalog).get(0);
        StringBuilder name = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 65_537; i++) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        ObjectNode record = Conformance.NODES.objectNode();
        record.put("type", "RECORD");
        ObjectNode body = record.putObject("record");
        body.put("namespace", stream[0]);
        body.put("stream", stream[1]);
        body.put("emitted_at", 1000);
        body.putObject("data")
                .put("id1", 1)
                .put("id2", 200)
                .put("updated_at", "2021-01-01T00:00:00Z")
                .put("name", name.toString());
        String input = record + "\n" + Conformance.statusLine(stream[0], stream[1], "COMPLETE");
        assertThat(ConnectorRun.inProcessWrite(config, catalog, input).exitCode())
                .isZero();
        List<ObjectNode> rows = dump(db, plan.finalTable());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("name").asText()).isEqualTo(name.toString());
    }

    @Test
    void testMixedCasedSchema(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("postgres_testMixedCasedSchema", 0);
        StreamPlan plan = only(config, catalog);
        step(db, config, catalog, List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", null);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void testIncrementalSyncDropOneColumn(long g, TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = only(config, catalog("testIncrementalSyncDropOneColumn_sync1_gen{G}", g));
        step(db, config, catalog("testIncrementalSyncDropOneColumn_sync1_gen{G}", g), List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", g);
        step(db, config, catalog("testIncrementalSyncDropOneColumn_sync2_gen{G}", g), List.of(SYNC2), "COMPLETE");
        List<ObjectNode> expectedFinal =
                withGeneration(jsonl(DAT + "sync2_expectedrecords_fullrefresh_append_final.jsonl"), g);
        // Deliberate difference: a column dropped from the schema stays in the final table (never dropped, so no
        // data is lost); rows typed before the change keep their value, rows typed after it have NULL.
        expectedFinal.forEach(row -> {
            if (row.path("_airbyte_extracted_at").asText().startsWith("1970-01-01T00:00:02")) {
                row.remove("name");
            }
        });
        expectTables(db, plan, withGeneration(jsonl(DAT + "sync2_expectedrecords_raw.jsonl"), g), expectedFinal);
    }

    @Test
    void testDropCascade(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("drop_cascade", true);
        StreamPlan plan = only(config, catalog("postgres_testDropCascade_sync1", 0));
        step(db, config, catalog("postgres_testDropCascade_sync1", 0), List.of(SYNC1), "COMPLETE");
        expectFiles(db, plan, "sync1_expectedrecords_raw.jsonl", "sync1_expectedrecords_nondedup_final.jsonl", null);
        db.execute(
                "CREATE VIEW raw_view AS SELECT * FROM " + plan.rawTable().quoted(),
                "CREATE VIEW final_view AS SELECT * FROM " + plan.finalTable().quoted());
        ObjectNode catalog2 = catalog("postgres_testDropCascade_sync2", 0);
        String[] stream = Conformance.streams(catalog2).get(0);
        List<String> lines = new ArrayList<>();
        for (String line : Conformance.messages(SYNC1, stream[0], stream[1])) {
            lines.add(line.replace("\"emitted_at\":1000", "\"emitted_at\":2000"));
        }
        lines.add(Conformance.statusLine(stream[0], stream[1], "COMPLETE"));
        assertThat(ConnectorRun.inProcessWrite(config, catalog2, String.join("\n", lines))
                        .exitCode())
                .isZero();
        java.util.function.Function<ObjectNode, ObjectNode> at2000 = row -> {
            row.put("_airbyte_extracted_at", "1970-01-01T00:00:02.000000Z");
            return row;
        };
        expectTables(
                db,
                plan,
                withGeneration(Conformance.map(jsonl(DAT + "sync1_expectedrecords_raw.jsonl"), at2000), 44L),
                withGeneration(
                        Conformance.map(jsonl(DAT + "sync1_expectedrecords_nondedup_final.jsonl"), at2000), 44L));
    }
}
