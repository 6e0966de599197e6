package io.heropixel.destination.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Truncate refreshes that replace a table users built on (views, grants, comments), the drop_cascade
 * option, generation ids on rows, and the raw_data_schema / disable_type_dedupe options across refreshes.
 */
@ExtendWith(TestingPostgres.class)
class RefreshTest {
    private static final String NS = "refresh_ns";
    private static final String NAME = "users";

    /** One sync of the users stream; {@code rows} are data JSON objects; COMPLETE at the end if asked. */
    static ConnectorRun sync(ObjectNode config, ObjectNode stream, boolean complete, String... rows) {
        List<String> lines = new ArrayList<>();
        long emittedAt = 1000;
        for (String row : rows) {
            lines.add(WriteHarness.record(NS, NAME, row, emittedAt++));
        }
        lines.add(WriteHarness.streamState(NS, NAME, 1, "c"));
        lines.add(WriteHarness.status(NS, NAME, complete ? "COMPLETE" : "INCOMPLETE"));
        return ConnectorRun.inProcessWrite(config, WriteHarness.catalog(stream), String.join("\n", lines) + "\n");
    }

    static ObjectNode users(String mode, long generation, long minGeneration) {
        return WriteHarness.stream(NS, NAME, mode, generation, minGeneration);
    }

    static StreamPlan plan(ObjectNode config, ObjectNode stream) {
        return Conformance.plans(config, WriteHarness.catalog(stream))
                .values()
                .iterator()
                .next();
    }

    /** A first complete append sync (generation 1) of the given rows; returns the stream's plan. */
    private static StreamPlan firstAppend(ObjectNode config, String... rows) {
        ok(sync(config, users("append", 1, 0), true, rows));
        return plan(config, users("append", 1, 0));
    }

    private static void ok(ConnectorRun run) {
        assertThat(run.exitCode()).as(run.stdout()).isZero();
    }

    @Test
    void aViewAGrantAndCommentsSurviveATruncateRefresh(TestDatabase db) {
        ObjectNode config = db.config();
        String reader = "reader_" + db.database();
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}", "{\"id\":2,\"name\":\"old\"}");
        String table = plan.finalTable().quoted();
        db.execute(
                "CREATE ROLE " + reader,
                "CREATE VIEW public.user_names AS SELECT name FROM " + table,
                "CREATE VIEW public.raw_view AS SELECT _airbyte_data FROM "
                        + plan.rawTable().quoted(),
                "GRANT SELECT ON " + table + " TO " + reader,
                "COMMENT ON TABLE " + table + " IS 'the users'",
                "COMMENT ON COLUMN " + table + ".name IS 'their names'");

        // the new generation adds a property: the column is added to the kept table
        ObjectNode refresh = users("append", 2, 2);
        refresh.with("stream")
                .with("json_schema")
                .with("properties")
                .putObject("age")
                .put("type", "integer");
        ok(sync(config, refresh, true, "{\"id\":3,\"name\":\"new\",\"age\":30}"));

        assertThat(db.query("SELECT name FROM public.user_names")).containsExactly(java.util.Map.of("name", "new"));
        assertThat(db.queryValue("SELECT count(*) FROM public.raw_view")).isEqualTo(1L);
        assertThat(db.queryValue("SELECT has_table_privilege('" + reader + "', '" + table + "', 'SELECT')"))
                .isEqualTo(true);
        assertThat(db.queryValue("SELECT obj_description('" + table + "'::regclass, 'pg_class')"))
                .isEqualTo("the users");
        assertThat(db.queryValue("SELECT col_description('" + table + "'::regclass, 2)"))
                .isEqualTo("their names");
        assertThat(db.query("SELECT id, age, _airbyte_generation_id FROM " + table))
                .containsExactly(java.util.Map.of("id", 3L, "age", 30L, "_airbyte_generation_id", 2L));
        assertThat(db.queryValue("SELECT to_regclass('" + plan.finalTempTable().quoted() + "')"))
                .isNull();
        assertThat(db.queryValue("SELECT to_regclass('" + plan.rawTempTable().quoted() + "')"))
                .isNull();
        // the kept table still has its indexes
        assertThat(db.queryValue("SELECT count(*) FROM pg_indexes WHERE tablename = '" + NAME + "'"))
                .isEqualTo(1L);
    }

    @Test
    void aTypeChangeUnderAViewFailsBeforeTouchingDataWithoutDropCascade(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}");
        db.execute(
                "CREATE VIEW public.ids AS SELECT id FROM " + plan.finalTable().quoted());

        ObjectNode refresh = users("append", 2, 2);
        refresh.with("stream")
                .with("json_schema")
                .with("properties")
                .putObject("id")
                .put("type", "string");
        ConnectorRun run = sync(config, refresh, true, "{\"id\":\"x-3\",\"name\":\"new\"}");

        assertThat(run.exitCode()).isNotZero();
        String message = run.errorTraces().get(0).path("message").asText();
        assertThat(message).contains("public.ids", "\"id\"", "drop_cascade");
        assertThat(run.errorTraces().get(0).path("failure_type").asText()).isEqualTo("config_error");
        assertThat(db.query("SELECT id FROM public.ids")).containsExactly(java.util.Map.of("id", 1L));
        assertThat(db.queryValue("SELECT count(*) FROM " + plan.rawTable().quoted()))
                .isEqualTo(1L);
    }

    @Test
    void withDropCascadeATypeChangeUnderAViewDropsItAndLogsEveryDroppedObject(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("drop_cascade", true);
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}");
        db.execute(
                "CREATE VIEW public.ids AS SELECT id FROM " + plan.finalTable().quoted(),
                "CREATE VIEW public.ids_again AS SELECT id FROM public.ids");

        ObjectNode refresh = users("append", 2, 2);
        refresh.with("stream")
                .with("json_schema")
                .with("properties")
                .putObject("id")
                .put("type", "string");
        String logs = capturingLogs(() -> sync(config, refresh, true, "{\"id\":\"x-3\",\"name\":\"new\"}"));

        assertThat(db.queryValue("SELECT to_regclass('public.ids')")).isNull();
        assertThat(db.queryValue("SELECT to_regclass('public.ids_again')")).isNull();
        assertThat(db.query("SELECT id FROM " + plan.finalTable().quoted()))
                .containsExactly(java.util.Map.of("id", "x-3"));
        assertThat(logs).contains("view public.ids", "view public.ids_again", "CASCADE");
    }

    @Test
    void withDropCascadeAViewThatCanBeKeptIsKept(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("drop_cascade", true);
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}");
        db.execute("CREATE VIEW public.names AS SELECT name FROM "
                + plan.finalTable().quoted());
        ok(sync(config, users("overwrite", 0, 0), true, "{\"id\":2,\"name\":\"new\"}"));
        assertThat(db.query("SELECT name FROM public.names")).containsExactly(java.util.Map.of("name", "new"));
    }

    @Test
    void aForeignKeyOnTheTableFailsTheRefreshWithoutDropCascadeAndIsDroppedWithIt(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}");
        String table = plan.finalTable().quoted();
        db.execute(
                "CREATE UNIQUE INDEX users_id ON " + table + " (id)",
                "CREATE TABLE public.orders (user_id bigint CONSTRAINT orders_user REFERENCES " + table + " (id))");

        ConnectorRun failed = sync(config, users("append", 2, 2), true, "{\"id\":2,\"name\":\"new\"}");
        assertThat(failed.exitCode()).isNotZero();
        assertThat(failed.errorTraces().get(0).path("message").asText()).contains("orders_user", "drop_cascade");
        assertThat(db.queryValue("SELECT name FROM " + table)).isEqualTo("old");
        assertThat(db.queryValue(
                        "SELECT _airbyte_generation_id FROM " + plan.rawTable().quoted()))
                .isEqualTo(1L);

        config.put("drop_cascade", true);
        String logs = capturingLogs(() -> sync(config, users("append", 2, 2), true, "{\"id\":2,\"name\":\"new\"}"));
        assertThat(db.queryValue("SELECT name FROM " + table)).isEqualTo("new");
        assertThat(db.queryValue("SELECT count(*) FROM pg_constraint WHERE conname = 'orders_user'"))
                .isEqualTo(0L);
        assertThat(logs).contains("orders_user");
    }

    @Test
    void aDedupRefreshOfAViewedAppendTableDeduplicatesAndIndexesTheKeptTable(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"a\"}", "{\"id\":1,\"name\":\"b\"}");
        db.execute("CREATE VIEW public.names AS SELECT id, name FROM "
                + plan.finalTable().quoted());
        ObjectNode dedup = users("append_dedup", 2, 2);
        dedup.putArray("primary_key").addArray().add("id");
        ok(sync(
                config,
                dedup,
                true,
                "{\"id\":1,\"name\":\"c\"}",
                "{\"id\":1,\"name\":\"d\"}",
                "{\"id\":2,\"name\":\"e\"}"));
        assertThat(db.query("SELECT id, name FROM public.names ORDER BY id"))
                .containsExactly(java.util.Map.of("id", 1L, "name", "d"), java.util.Map.of("id", 2L, "name", "e"));
        assertThat(db.queryValue("SELECT indexdef FROM pg_indexes WHERE indexname = 'users_pk'")
                        .toString())
                .contains("(id)");
        // the next incremental dedup sync finds the key index and does not rebuild
        ObjectNode incremental = users("append_dedup", 2, 0);
        incremental.putArray("primary_key").addArray().add("id");
        String logs = capturingLogs(() -> sync(config, incremental, true, "{\"id\":3,\"name\":\"f\"}"));
        assertThat(logs).doesNotContain("rebuilding");
        assertThat(db.query("SELECT id, name FROM public.names ORDER BY id"))
                .containsExactly(
                        java.util.Map.of("id", 1L, "name", "d"),
                        java.util.Map.of("id", 2L, "name", "e"),
                        java.util.Map.of("id", 3L, "name", "f"));
    }

    @Test
    void anIncompleteTruncateLeavesThePreviousTablesAndTheNextAttemptResumes(TestDatabase db) {
        ObjectNode config = db.config();
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"old\"}");
        String table = plan.finalTable().quoted();

        ok(sync(config, users("append", 2, 2), false, "{\"id\":2,\"name\":\"new\"}"));
        assertThat(db.query("SELECT id, _airbyte_generation_id FROM " + table))
                .containsExactly(java.util.Map.of("id", 1L, "_airbyte_generation_id", 1L));

        ok(sync(config, users("append", 2, 2), true, "{\"id\":3,\"name\":\"new\"}"));
        assertThat(db.query("SELECT id FROM " + table + " ORDER BY id"))
                .containsExactly(java.util.Map.of("id", 2L), java.util.Map.of("id", 3L));
        assertThat(db.queryValue("SELECT count(*) FROM " + plan.rawTable().quoted()))
                .isEqualTo(2L);
    }

    @Test
    void mergeRefreshKeepsBothGenerationsAndWritesSyncIdIntoMeta(TestDatabase db) {
        ObjectNode config = db.config();
        ok(sync(config, users("append", 1, 0), true, "{\"id\":1,\"name\":\"a\"}"));
        ok(sync(config, users("append", 2, 0), true, "{\"id\":2,\"name\":\"b\"}"));
        StreamPlan plan = plan(config, users("append", 1, 0));
        assertThat(db.query("SELECT _airbyte_generation_id AS g, _airbyte_meta->>'sync_id' AS s FROM "
                        + plan.finalTable().quoted() + " ORDER BY 1"))
                .containsExactly(java.util.Map.of("g", 1L, "s", "7"), java.util.Map.of("g", 2L, "s", "7"));
        assertThat(db.query("SELECT _airbyte_generation_id AS g, _airbyte_meta->>'sync_id' AS s FROM "
                        + plan.rawTable().quoted() + " ORDER BY 1"))
                .containsExactly(java.util.Map.of("g", 1L, "s", "7"), java.util.Map.of("g", 2L, "s", "7"));
    }

    @Test
    void aHybridRefreshIsAConfigError(TestDatabase db) {
        ConnectorRun run = sync(db.config(), users("append", 5, 3), true, "{\"id\":1}");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces().get(0).path("failure_type").asText()).isEqualTo("config_error");
        assertThat(run.errorTraces().get(0).path("message").asText())
                .contains("minimum_generation_id (stream 'refresh_ns.users') is 3");
    }

    @Test
    void rawDataSchemaHoldsRawAndTempTablesAcrossARefresh(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("raw_data_schema", "My_Raw");
        ok(sync(config, users("append", 1, 0), true, "{\"id\":1,\"name\":\"a\"}"));
        ok(sync(config, users("append", 2, 2), false, "{\"id\":2,\"name\":\"b\"}"));
        StreamPlan plan = plan(config, users("append", 1, 0));
        assertThat(plan.rawTable().schema().name()).isEqualTo("my_raw");
        assertThat(plan.rawTempTable().schema().name()).isEqualTo("my_raw");
        assertThat(db.queryValue("SELECT count(*) FROM " + plan.rawTempTable().quoted()))
                .isEqualTo(1L);
        ok(sync(config, users("append", 2, 2), true));
        assertThat(db.queryValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'airbyte_internal'"))
                .isEqualTo(0L);
        assertThat(db.query("SELECT _airbyte_data->>'name' AS n FROM "
                        + plan.rawTable().quoted()))
                .containsExactly(java.util.Map.of("n", "b"));
    }

    @Test
    void disableTypeDedupeKeepsWorkingAcrossRefreshes(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("disable_type_dedupe", true);
        StreamPlan plan = firstAppend(config, "{\"id\":1,\"name\":\"a\"}");
        db.execute("CREATE VIEW public.raw_names AS SELECT _airbyte_data->>'name' AS n FROM "
                + plan.rawTable().quoted());
        ok(sync(config, users("append", 2, 2), true, "{\"id\":2,\"name\":\"b\"}"));
        ok(sync(config, users("append", 3, 0), true, "{\"id\":3,\"name\":\"c\"}"));
        assertThat(db.query("SELECT n FROM public.raw_names ORDER BY n"))
                .containsExactly(java.util.Map.of("n", "b"), java.util.Map.of("n", "c"));
        assertThat(db.queryValue("SELECT to_regclass('" + plan.finalTable().quoted() + "')"))
                .isNull();
        assertThat(db.queryValue(
                        "SELECT count(*) FROM " + plan.rawTable().quoted() + " WHERE _airbyte_loaded_at IS NOT NULL"))
                .isEqualTo(0L);
    }

    /** Runs the action with System.err captured (slf4j-simple logs there) and returns what was logged. */
    static String capturingLogs(Supplier<ConnectorRun> action) {
        PrintStream previous = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ConnectorRun run;
        try {
            run = action.get();
        } finally {
            System.setErr(previous);
        }
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        return err.toString(StandardCharsets.UTF_8);
    }
}
