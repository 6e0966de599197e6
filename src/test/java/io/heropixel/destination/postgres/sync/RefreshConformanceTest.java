package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.Conformance.assertRows;
import static io.heropixel.destination.postgres.sync.Conformance.dump;
import static io.heropixel.destination.postgres.sync.Conformance.jsonl;
import static io.heropixel.destination.postgres.sync.Conformance.liftRaw;
import static io.heropixel.destination.postgres.sync.Conformance.withGeneration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The refresh and interruption scenarios of src/test/resources/conformance/airbyte/catalogs/scenarios.json that
 * {@link WriteConformanceTest} does not run: interruptedTruncateWithPriorData, resumeAfterCancelledTruncate
 * and postgres_testDropCascade. An interrupted attempt is sent with an INCOMPLETE status (a catalog with
 * generation ids would treat an input without any status as incomplete too: docs/write-path.md#tables-and-modes).
 */
@ExtendWith(TestingPostgres.class)
class RefreshConformanceTest {
    private static final String SYNC1 = "cdk-dat/sync1_messages.jsonl";
    private static final String SYNC2 = "cdk-dat/sync2_messages.jsonl";
    private static final String DAT = "postgres-dat/";

    private static ConnectorRun step(
            ObjectNode config, String catalogName, List<String> files, String status, Function<String, String> edit) {
        ObjectNode catalog = Conformance.json("catalogs/" + catalogName + ".json");
        List<String> lines = new ArrayList<>();
        for (String[] stream : Conformance.streams(catalog)) {
            for (String file : files) {
                Conformance.messages(file, stream[0], stream[1]).forEach(l -> lines.add(edit.apply(l)));
            }
            lines.add(Conformance.statusLine(stream[0], stream[1], status));
        }
        ConnectorRun run = ConnectorRun.inProcessWrite(config, catalog, String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as("exit code; stdout: " + run.stdout()).isZero();
        return run;
    }

    private static ConnectorRun step(ObjectNode config, String catalogName, List<String> files, String status) {
        return step(config, catalogName, files, status, Function.identity());
    }

    private static StreamPlan plan(ObjectNode config, String catalogName) {
        return Conformance.plans(config, Conformance.json("catalogs/" + catalogName + ".json"))
                .values()
                .iterator()
                .next();
    }

    private static void expect(TestDatabase db, StreamPlan plan, List<ObjectNode> raw, List<ObjectNode> finalRows) {
        if (!TestDatabase.directLoad()) { // direct_load writes no raw rows
            assertRows("raw " + plan.rawTable(), liftRaw(raw), liftRaw(dump(db, plan.rawTable())));
        }
        assertRows("final " + plan.finalTable(), finalRows, dump(db, plan.finalTable()));
    }

    private static List<ObjectNode> twice(List<ObjectNode> rows) {
        List<ObjectNode> result = new ArrayList<>(rows);
        rows.forEach(r -> result.add(r.deepCopy()));
        return result;
    }

    private static List<ObjectNode> extractedAtSecond(List<ObjectNode> rows, int second) {
        return rows.stream()
                .filter(r -> r.path("_airbyte_extracted_at").asText().startsWith("1970-01-01T00:00:0" + second))
                .toList();
    }

    @Test
    void interruptedTruncateWithPriorData(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = plan(config, "interruptedTruncateWithPriorData_sync0");
        step(config, "interruptedTruncateWithPriorData_sync0", List.of(SYNC1, SYNC2), "COMPLETE");
        List<ObjectNode> raw0 = withGeneration(jsonl(DAT + "sync2_expectedrecords_raw.jsonl"), 41L);
        List<ObjectNode> final0 =
                withGeneration(jsonl(DAT + "sync2_expectedrecords_fullrefresh_append_final.jsonl"), 41L);
        expect(db, plan, raw0, final0);

        step(config, "interruptedTruncateWithPriorData_sync1and2", List.of(SYNC1), "INCOMPLETE");
        expect(db, plan, raw0, final0);

        step(config, "interruptedTruncateWithPriorData_sync1and2", List.of(SYNC1), "COMPLETE");
        expect(
                db,
                plan,
                twice(withGeneration(jsonl(DAT + "sync1_expectedrecords_raw.jsonl"), 43L)),
                twice(withGeneration(jsonl(DAT + "sync1_expectedrecords_nondedup_final.jsonl"), 43L)));
        assertThat(db.queryValue("SELECT to_regclass('" + plan.finalTempTable().quoted() + "')"))
                .isNull();
    }

    @Test
    void resumeAfterCancelledTruncate(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = plan(config, "resumeAfterCancelledTruncate_sync1");
        step(config, "resumeAfterCancelledTruncate_sync1", List.of(SYNC1), "COMPLETE");
        List<ObjectNode> raw1 = jsonl(DAT + "sync1_expectedrecords_raw.jsonl");
        List<ObjectNode> final1 = jsonl(DAT + "sync1_expectedrecords_nondedup_final.jsonl");
        expect(db, plan, raw1, final1);

        step(config, "resumeAfterCancelledTruncate_sync2", List.of(SYNC2), "INCOMPLETE");
        expect(db, plan, raw1, final1);

        // Now a merge refresh of the same generation: the interrupted truncate's rows are kept, not lost.
        step(config, "resumeAfterCancelledTruncate_sync3", List.of(SYNC2), "COMPLETE");
        List<ObjectNode> raw = new ArrayList<>(raw1);
        raw.addAll(twice(withGeneration(extractedAtSecond(jsonl(DAT + "sync2_expectedrecords_raw.jsonl"), 2), 44L)));
        List<ObjectNode> finalRows = new ArrayList<>(final1);
        finalRows.addAll(twice(withGeneration(
                extractedAtSecond(jsonl(DAT + "sync2_expectedrecords_fullrefresh_append_final.jsonl"), 2), 44L)));
        expect(db, plan, raw, finalRows);
        assertThat(db.queryValue("SELECT to_regclass('" + plan.rawTempTable().quoted() + "')"))
                .isNull();
    }

    /** With drop_cascade on, views on the raw and final tables do not stop an overwrite; here they even survive. */
    @Test
    void postgresTestDropCascade(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("drop_cascade", true);
        StreamPlan plan = plan(config, "postgres_testDropCascade_sync1");
        step(config, "postgres_testDropCascade_sync1", List.of(SYNC1), "COMPLETE");
        expect(
                db,
                plan,
                jsonl(DAT + "sync1_expectedrecords_raw.jsonl"),
                jsonl(DAT + "sync1_expectedrecords_nondedup_final.jsonl"));
        db.execute(
                "CREATE VIEW public.raw_view AS SELECT * FROM "
                        + plan.rawTable().quoted(),
                "CREATE VIEW public.final_view AS SELECT * FROM "
                        + plan.finalTable().quoted());

        step(
                config,
                "postgres_testDropCascade_sync2",
                List.of(SYNC1),
                "COMPLETE",
                line -> line.replace("\"emitted_at\":1000", "\"emitted_at\":2000"));
        Function<ObjectNode, ObjectNode> later = r -> {
            r.put("_airbyte_extracted_at", "1970-01-01T00:00:02.000000Z");
            r.put("_airbyte_generation_id", 44);
            return r;
        };
        expect(
                db,
                plan,
                Conformance.map(jsonl(DAT + "sync1_expectedrecords_raw.jsonl"), later),
                Conformance.map(jsonl(DAT + "sync1_expectedrecords_nondedup_final.jsonl"), later));
        assertThat(db.queryValue("SELECT count(*) FROM public.final_view")).isEqualTo(5L);
        if (!TestDatabase.directLoad()) {
            assertThat(db.queryValue("SELECT count(*) FROM public.raw_view")).isEqualTo(5L);
        }
    }
}
