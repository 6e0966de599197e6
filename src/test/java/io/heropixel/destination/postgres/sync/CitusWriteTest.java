package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingCitus;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The write command against a real Citus cluster (a coordinator and two workers, {@link TestingCitus}):
 * which tables are distributed on which column, that a history of dedup (with CDC deletes), append and
 * overwrite syncs with a schema change leaves exactly what a single server holds, that distributions a user
 * chose survive, and the config error of a NULL distribution value (docs/citus.md).
 */
@ExtendWith(TestingCitus.class)
class CitusWriteTest {
    private static final String NS = "shop";
    private static final String DELETED = ",\"_ab_cdc_deleted_at\":\"2024-05-01T00:00:00Z\"";
    private static final String USERS_STAGING = "airbyte_internal.shop_raw__stream_users_airbyte_typed";

    /** users: append+dedup on id, cursor updated_at, CDC; with {@code email} after the schema change. */
    private static ObjectNode users(boolean withEmail) {
        ObjectNode s = stream(NS, "users", "append_dedup", 0, 0);
        s.put("sync_mode", "incremental");
        ObjectNode properties =
                (ObjectNode) s.path("stream").path("json_schema").path("properties");
        properties.putObject("updated_at").put("type", "integer");
        properties.putObject("_ab_cdc_deleted_at").put("type", "string").put("format", "date-time");
        // after the schema change: a new column, and score widened from integer to string (a retype in place)
        properties.putObject("score").put("type", withEmail ? "string" : "integer");
        if (withEmail) {
            properties.putObject("email").put("type", "string");
        }
        s.putArray("primary_key").addArray().add("id");
        s.putArray("cursor_field").add("updated_at");
        return s;
    }

    private static ObjectNode events(long generation, long minGeneration) {
        ObjectNode s = stream(NS, "events", "append", generation, minGeneration);
        s.put("sync_mode", "incremental");
        ((ObjectNode) s.path("stream").path("json_schema").path("properties"))
                .putObject("day")
                .put("type", "string")
                .put("format", "date");
        return s;
    }

    private static ObjectNode snapshot(long generation) {
        return stream(NS, "snapshot", "overwrite", generation, generation);
    }

    private static ConnectorRun sync(TestDatabase db, List<ObjectNode> streams, List<String> lines) {
        return sync(db.config(), streams, lines);
    }

    private static ObjectNode config(TestDatabase db, boolean directLoad) {
        ObjectNode config = db.config();
        if (directLoad) {
            config.put("direct_load", true);
        }
        return config;
    }

    private static ConnectorRun sync(ObjectNode config, List<ObjectNode> streams, List<String> lines) {
        List<String> input = new ArrayList<>(lines);
        for (ObjectNode s : streams) {
            input.add(status(NS, s.path("stream").path("name").asText(), "COMPLETE"));
        }
        return ConnectorRun.inProcessWrite(
                config, catalog(streams.toArray(ObjectNode[]::new)), String.join("\n", input) + "\n");
    }

    private static void ok(ConnectorRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    /** A history of three syncs: dedup with CDC deletes, append, overwrite, then a schema change. */
    private static void history(TestDatabase db) {
        history(db, false);
    }

    private static void history(TestDatabase db, boolean directLoad) {
        ok(sync(
                config(db, directLoad),
                List.of(users(false), events(1, 0), snapshot(1)),
                List.of(
                        record(NS, "users", "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1,\"score\":3}", 1000),
                        record(NS, "users", "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1}", 1000),
                        record(NS, "users", "{\"id\":3,\"name\":\"Cy\",\"updated_at\":1}", 1000),
                        record(NS, "users", "{\"id\":1,\"name\":\"Anna\",\"updated_at\":2}", 1000),
                        record(NS, "events", "{\"id\":10,\"name\":\"open\"}", 1000),
                        record(NS, "events", "{\"id\":11,\"name\":\"click\"}", 1000),
                        record(NS, "snapshot", "{\"id\":1,\"name\":\"v1\"}", 1000))));
        ok(sync(
                config(db, directLoad),
                List.of(users(false), events(1, 0), snapshot(2)),
                List.of(
                        record(NS, "users", "{\"id\":2,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}", 2000),
                        record(NS, "users", "{\"id\":4,\"name\":\"Dee\",\"updated_at\":1}", 2000),
                        record(NS, "users", "{\"id\":3,\"name\":\"old\",\"updated_at\":0}", 2000),
                        record(NS, "events", "{\"id\":12,\"name\":\"close\",\"day\":\"2024-05-01\"}", 2000),
                        // an impossible date: the direct casts fail, the safe casts type it to NULL
                        record(NS, "events", "{\"id\":14,\"name\":\"odd\",\"day\":\"2023-02-30\"}", 2000),
                        record(NS, "snapshot", "{\"id\":2,\"name\":\"v2\"}", 2000),
                        record(NS, "snapshot", "{\"id\":3,\"name\":\"v2\"}", 2000))));
        ok(sync(
                config(db, directLoad),
                List.of(users(true), events(1, 0), snapshot(3)),
                List.of(
                        record(
                                NS,
                                "users",
                                "{\"id\":4,\"name\":\"Dee\",\"updated_at\":7,\"email\":\"d@example.com\"}",
                                3000),
                        record(NS, "users", "{\"id\":5,\"name\":\"Eve\",\"updated_at\":1}", 3000),
                        record(NS, "events", "{\"id\":13,\"name\":\"open\"}", 3000),
                        record(NS, "snapshot", "{\"id\":4,\"name\":\"v3\"}", 3000))));
    }

    /** Every row of a table as text, in a stable order, without the per-sync random raw id. */
    private static List<String> contents(TestDatabase db, String table) {
        return db.query("SELECT to_jsonb(t) - '_airbyte_raw_id' AS row FROM " + table + " t").stream()
                .map(r -> String.valueOf(r.get("row")))
                .sorted()
                .toList();
    }

    /** "table column" of every table Citus distributes, or "table local" for the others asked about. */
    private static Map<String, String> placements(TestDatabase db) {
        return db
                .query("SELECT logicalrelid::text AS t, column_to_column_name(logicalrelid, partkey) AS k,"
                        + " partmethod::text AS m FROM pg_dist_partition")
                .stream()
                .collect(Collectors.toMap(r -> (String) r.get("t"), r -> r.get("m") + " " + r.get("k")));
    }

    @Test
    void historyDistributesFinalTablesAndHoldsWhatASingleServerHolds(TestDatabase db) {
        history(db);
        TestDatabase single = TestingPostgres.newDatabase();
        history(single);

        assertThat(placements(db))
                .containsEntry("shop.users", "h id")
                .containsEntry("shop.events", "h _airbyte_raw_id")
                .containsEntry("shop.snapshot", "h _airbyte_raw_id")
                .containsEntry(USERS_STAGING, "h id")
                .hasSize(4); // raw tables stay on the coordinator; users' staging table is co-located with it
        // users and its temp tables share shards with other bigint-distributed tables: co-located
        for (String table : List.of("shop.users", "shop.events", "shop.snapshot")) {
            assertThat(contents(db, table)).as(table).isEqualTo(contents(single, table));
            assertThat(db.queryValue("SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = '" + table
                            + "'::regclass"))
                    .as(table + " spread over both workers")
                    .isEqualTo(2L);
        }
        assertThat(db.query("SELECT id, name, email FROM shop.users ORDER BY id").stream()
                        .map(r -> r.get("id") + " " + r.get("name") + " " + r.get("email"))
                        .toList())
                .containsExactly("1 Anna null", "3 Cy null", "4 Dee d@example.com", "5 Eve null");
        assertThat(db.queryValue("SELECT count(*) FROM shop.events")).isEqualTo(5L);
        assertThat(db.queryValue("SELECT _airbyte_meta::text FROM shop.events WHERE id = 14"))
                .asString()
                .contains("DESTINATION_TYPECAST_ERROR");
        assertThat(db.query("SELECT name FROM shop.snapshot")).hasSize(1);
        String raw = "airbyte_internal.shop_raw__stream_users";
        assertThat(contents(db, raw).size()).isEqualTo(contents(single, raw).size());
    }

    @Test
    void directLoadIntoDistributedTablesHoldsWhatASingleServerHolds(TestDatabase db) {
        history(db, true);
        TestDatabase single = TestingPostgres.newDatabase();
        history(single, true);
        assertThat(placements(db))
                .containsEntry("shop.users", "h id")
                .containsEntry("shop.events", "h _airbyte_raw_id")
                .containsEntry("shop.snapshot", "h _airbyte_raw_id");
        for (String table : List.of("shop.users", "shop.events", "shop.snapshot")) {
            assertThat(contents(db, table)).as(table).isEqualTo(contents(single, table));
        }
    }

    @Test
    void directLoadKeyChangeDeduplicatesInPlaceAndKeepsTheDistribution(TestDatabase db) {
        history(db, true);
        assertThat(db.queryValue("SELECT to_regclass('airbyte_internal.shop_raw__stream_users')"))
                .isNull();
        // the primary key becomes name: deduplicated in place (off the shards and back), still distributed
        ObjectNode byName = users(true);
        byName.putArray("primary_key").addArray().add("name");
        ok(sync(
                config(db, true),
                List.of(byName),
                List.of(record(NS, "users", "{\"id\":6,\"name\":\"Eve\",\"updated_at\":0}", 5000))));
        assertThat(placements(db)).containsEntry("shop.users", "h id");
        assertThat(db.query("SELECT id, name FROM shop.users ORDER BY id").stream()
                        .map(r -> r.get("id") + " " + r.get("name"))
                        .toList())
                .containsExactly("1 Anna", "3 Cy", "4 Dee", "5 Eve");
    }

    @Test
    void distributionsTheUserChoseSurviveOverwritesRefreshesAndDedups(TestDatabase db) {
        history(db);
        // the user keeps snapshot on the coordinator, spreads events by id and users by name
        db.execute(
                "SELECT undistribute_table('shop.snapshot')",
                "SELECT alter_distributed_table('shop.events', distribution_column := 'id')",
                "SELECT alter_distributed_table('shop.users', distribution_column := 'name')");
        // overwrite of snapshot, truncate refresh of events (generation 2, minimum 2), dedup of users
        ok(sync(
                db,
                List.of(users(true), events(2, 2), snapshot(4)),
                List.of(
                        record(NS, "users", "{\"id\":1,\"name\":\"Ann B\",\"updated_at\":9}", 4000),
                        record(NS, "users", "{\"id\":3,\"name\":\"gone\",\"updated_at\":9" + DELETED + "}", 4000),
                        record(NS, "events", "{\"id\":20,\"name\":\"new\"}", 4000),
                        record(NS, "snapshot", "{\"id\":5,\"name\":\"v4\"}", 4000))));
        assertThat(placements(db))
                .containsEntry("shop.users", "h name")
                .containsEntry("shop.events", "h id")
                .doesNotContainKey("shop.snapshot")
                // name is not a key column: the versions of a key may sit on different shards
                .doesNotContainKey(USERS_STAGING);
        assertThat(db.query("SELECT id, name FROM shop.users ORDER BY id").stream()
                        .map(r -> r.get("id") + " " + r.get("name"))
                        .toList())
                .containsExactly("1 Ann B", "4 Dee", "5 Eve");
        assertThat(db.query("SELECT id FROM shop.events").stream()
                        .map(r -> r.get("id"))
                        .toList())
                .containsExactly(20L);
        assertThat(db.query("SELECT id FROM shop.snapshot").stream()
                        .map(r -> r.get("id"))
                        .toList())
                .containsExactly(5L);
    }

    /** items: append+dedup on {@code key} (one or two columns), cursor updated_at, no CDC. */
    private static ObjectNode items(String... key) {
        ObjectNode s = stream(NS, "items", "append_dedup", 0, 0);
        s.put("sync_mode", "incremental");
        ObjectNode properties =
                (ObjectNode) s.path("stream").path("json_schema").path("properties");
        properties.putObject("updated_at").put("type", "integer");
        properties.putObject("region").put("type", "string");
        var keys = s.putArray("primary_key");
        for (String k : key) {
            keys.addArray().add(k);
        }
        s.putArray("cursor_field").add("updated_at");
        return s;
    }

    /** Two syncs of items (and users, with a CDC delete): new keys, then newer and older versions. */
    private static void itemsHistory(ObjectNode config, ObjectNode items, Runnable between) {
        ok(sync(
                config,
                List.of(items, users(false)),
                List.of(
                        record(NS, "items", "{\"id\":1,\"region\":\"eu\",\"name\":\"a\",\"updated_at\":1}", 1000),
                        record(NS, "items", "{\"id\":2,\"region\":\"us\",\"name\":\"b\",\"updated_at\":1}", 1000),
                        record(NS, "items", "{\"id\":1,\"region\":\"us\",\"name\":\"c\",\"updated_at\":1}", 1000),
                        record(NS, "items", "{\"id\":1,\"region\":\"eu\",\"name\":\"a2\",\"updated_at\":2}", 1000),
                        record(NS, "users", "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}", 1000),
                        record(NS, "users", "{\"id\":2,\"name\":\"Bob\",\"updated_at\":1}", 1000))));
        between.run();
        ok(sync(
                config,
                List.of(items, users(false)),
                List.of(
                        record(NS, "items", "{\"id\":2,\"region\":\"us\",\"name\":\"b2\",\"updated_at\":5}", 2000),
                        record(NS, "items", "{\"id\":1,\"region\":\"eu\",\"name\":\"old\",\"updated_at\":0}", 2000),
                        record(NS, "items", "{\"id\":3,\"region\":\"eu\",\"name\":\"d\",\"updated_at\":1}", 2000),
                        record(NS, "users", "{\"id\":2,\"name\":\"gone\",\"updated_at\":5" + DELETED + "}", 2000),
                        record(NS, "users", "{\"id\":1,\"name\":\"Anna\",\"updated_at\":2}", 2000))));
    }

    /** The co-location group of a distributed table (null for a local one). */
    private static Object colocation(TestDatabase db, String table) {
        return db.queryValue(
                "SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = to_regclass('" + table + "')");
    }

    /**
     * EXPLAIN of {@code sql} shows Citus running it on the workers (one task per shard) without a subplan
     * whose rows go through the coordinator and without repartitioning.
     */
    private static void assertPushedDown(TestDatabase db, String sql) {
        String plan = db.query("EXPLAIN " + sql).stream()
                .map(r -> String.valueOf(r.values().iterator().next()))
                .collect(Collectors.joining("\n"));
        assertThat(plan)
                .as(sql)
                .contains("Task Count: 32")
                .doesNotContain("Subplan")
                .doesNotContain("intermediate_result")
                .doesNotContain("Repartition")
                .doesNotContain("Coordinator");
    }

    private static void stagingIsCoLocatedAndTheMergeRunsOnTheWorkers(TestDatabase db, boolean directLoad) {
        String raw = directLoad
                ? "airbyte_internal.shop_raw__stream_items_airbyte_direct"
                : "airbyte_internal.shop_raw__stream_items";
        String itemsStaging = raw + "_airbyte_typed";
        String usersStaging =
                directLoad ? "airbyte_internal.shop_raw__stream_users_airbyte_direct_airbyte_typed" : USERS_STAGING;
        Object[] stagingOid = new Object[1];
        itemsHistory(
                config(db, directLoad),
                items("id"),
                () -> stagingOid[0] = db.queryValue("SELECT to_regclass('" + itemsStaging + "')::oid"));
        TestDatabase single = TestingPostgres.newDatabase();
        itemsHistory(config(single, directLoad), items("id"), () -> {});
        for (String table : List.of("shop.items", "shop.users")) {
            assertThat(contents(db, table)).as(table).isEqualTo(contents(single, table));
        }
        // both staging tables: distributed on id, in the final table's co-location group, empty, and kept
        assertThat(placements(db))
                .containsEntry("shop.items", "h id")
                .containsEntry(itemsStaging, "h id")
                .containsEntry(usersStaging, "h id")
                .doesNotContainKey(raw);
        assertThat(colocation(db, itemsStaging)).isNotNull().isEqualTo(colocation(db, "shop.items"));
        assertThat(colocation(db, usersStaging)).isNotNull().isEqualTo(colocation(db, "shop.users"));
        assertThat(db.queryValue("SELECT count(*) FROM " + itemsStaging)).isEqualTo(0L);
        assertThat(db.queryValue("SELECT to_regclass('" + itemsStaging + "')::oid"))
                .as("the staging table is reused, not distributed again")
                .isEqualTo(stagingOid[0]);
        String newer = " AND b._airbyte_extracted_at >= f._airbyte_extracted_at";
        assertPushedDown(db, "DELETE FROM shop.items f USING " + itemsStaging + " b WHERE f.id = b.id" + newer);
        assertPushedDown(db, "DELETE FROM " + itemsStaging + " b USING shop.items f WHERE f.id = b.id");
        assertPushedDown(
                db,
                "INSERT INTO shop.items (id, name, _airbyte_raw_id, _airbyte_extracted_at,"
                        + " _airbyte_meta, _airbyte_generation_id) SELECT id, name, _airbyte_raw_id, _airbyte_extracted_at,"
                        + " _airbyte_meta, _airbyte_generation_id FROM " + itemsStaging);
        assertPushedDown(
                db,
                "DELETE FROM " + itemsStaging + " t USING (SELECT _ab_row, _ab_shard FROM (SELECT ctid AS"
                        + " _ab_row, id AS _ab_shard, row_number() OVER (PARTITION BY id ORDER BY updated_at DESC) AS _ab_rn"
                        + " FROM " + itemsStaging + ") AS _ab_ranked WHERE _ab_rn > 1) AS _ab_older"
                        + " WHERE t.ctid = _ab_older._ab_row AND t.id = _ab_older._ab_shard");
        assertPushedDown(
                db,
                "SELECT count(*) FROM shop.users f JOIN " + usersStaging + " b ON f.id = b.id WHERE"
                        + " b._airbyte_extracted_at >= f._airbyte_extracted_at AND b._ab_cdc_deleted_at IS NOT NULL");
        assertPushedDown(db, "DELETE FROM shop.users f USING " + usersStaging + " b WHERE f.id = b.id" + newer);
    }

    @Test
    void stagingTablesAreCoLocatedWithTheFinalTableAndTheMergeRunsOnTheWorkers(TestDatabase db) {
        stagingIsCoLocatedAndTheMergeRunsOnTheWorkers(db, false);
    }

    @Test
    void directLoadStagingTablesAreCoLocatedAndTheMergeRunsOnTheWorkers(TestDatabase db) {
        stagingIsCoLocatedAndTheMergeRunsOnTheWorkers(db, true);
    }

    @Test
    void aFinalTableTheUserDistributedOnItsSecondKeyColumnGetsAStagingTableCoLocatedOnIt(TestDatabase db) {
        String staging = "airbyte_internal.shop_raw__stream_items_airbyte_typed";
        itemsHistory(
                db.config(),
                items("id", "region"),
                () -> db.execute("SELECT alter_distributed_table('shop.items', distribution_column := 'region')"));
        TestDatabase single = TestingPostgres.newDatabase();
        itemsHistory(single.config(), items("id", "region"), () -> {});
        assertThat(contents(db, "shop.items")).isEqualTo(contents(single, "shop.items"));
        assertThat(placements(db)).containsEntry("shop.items", "h region").containsEntry(staging, "h region");
        assertThat(colocation(db, staging)).isNotNull().isEqualTo(colocation(db, "shop.items"));
        assertPushedDown(
                db,
                "DELETE FROM shop.items f USING " + staging + " b WHERE f.id = b.id AND f.region = b.region"
                        + " AND b._airbyte_extracted_at >= f._airbyte_extracted_at");
        assertPushedDown(
                db,
                "DELETE FROM shop.items f USING " + staging + " b WHERE (b.id IS NULL OR b.region IS NULL)"
                        + " AND f.id IS NOT DISTINCT FROM b.id AND f.region = b.region");
    }

    @Test
    void aViewOnADistributedTableSurvivesARefresh(TestDatabase db) {
        history(db);
        db.execute("CREATE VIEW shop.open_events AS SELECT id, name FROM shop.events WHERE name = 'open'");
        ok(sync(
                db,
                List.of(events(2, 2), snapshot(4)),
                List.of(
                        record(NS, "events", "{\"id\":30,\"name\":\"open\"}", 5000),
                        record(NS, "snapshot", "{\"id\":6,\"name\":\"v5\"}", 5000))));
        assertThat(db.query("SELECT id FROM shop.open_events").stream()
                        .map(r -> r.get("id"))
                        .toList())
                .containsExactly(30L);
        assertThat(placements(db)).containsEntry("shop.events", "h _airbyte_raw_id");
    }

    @Test
    void aNullFirstPrimaryKeyValueIsAConfigErrorThatSaysWhatToDo(TestDatabase db) {
        ConnectorRun run = sync(
                db,
                List.of(users(false)),
                List.of(
                        record(NS, "users", "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}", 1000),
                        record(NS, "users", "{\"name\":\"nobody\",\"updated_at\":1}", 1000)));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stdout())
                .contains("config_error")
                .contains("NULL) in column id, on which Citus distributes")
                .contains("undistribute_table");
    }

    @Test
    void aNullKeyTypedWhileLoadingIntoTheCoLocatedStagingTableIsTheSameConfigError(TestDatabase db) {
        for (boolean directLoad : List.of(false, true)) {
            ConnectorRun run = sync(
                    config(db, directLoad),
                    List.of(items("id")),
                    List.of(
                            record(NS, "items", "{\"id\":1,\"name\":\"a\",\"updated_at\":1}", 1000),
                            record(NS, "items", "{\"name\":\"nobody\",\"updated_at\":1}", 1000)));
            assertThat(run.exitCode()).as("direct_load " + directLoad).isNotZero();
            assertThat(run.stdout())
                    .as("direct_load " + directLoad)
                    .contains("config_error")
                    .contains("Failed while loading stream 'shop.items'")
                    .contains("NULL) in the column on which Citus distributes the table")
                    .contains("undistribute_table");
        }
    }

    @Test
    void offKeepsEveryTableOnTheCoordinator(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("citus_distribution", "off");
        ok(sync(
                config,
                List.of(users(false), events(1, 0)),
                List.of(
                        record(NS, "users", "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}", 1000),
                        record(NS, "events", "{\"id\":10,\"name\":\"open\"}", 1000))));
        assertThat(placements(db)).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM shop.users")).isEqualTo(1L);
    }

    @Test
    void retypingTheDistributionColumnDistributesTheTableAgainOnIt(TestDatabase db) {
        ok(sync(
                db,
                List.of(users(false)),
                List.of(record(NS, "users", "{\"id\":1,\"name\":\"Ann\",\"updated_at\":1}", 1000))));
        ObjectNode widened = users(false);
        ((ObjectNode) widened.path("stream")
                        .path("json_schema")
                        .path("properties")
                        .path("id"))
                .put("type", "string");
        ok(sync(
                db,
                List.of(widened),
                List.of(
                        record(NS, "users", "{\"id\":\"a1\",\"name\":\"Al\",\"updated_at\":1}", 2000),
                        record(NS, "users", "{\"id\":\"1\",\"name\":\"Anna\",\"updated_at\":2}", 2000))));
        assertThat(placements(db)).containsEntry("shop.users", "h id");
        assertThat(db.queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = 'shop.users'::regclass AND attname = 'id'"))
                .isEqualTo("character varying");
        assertThat(db.query("SELECT id, name FROM shop.users ORDER BY id").stream()
                        .map(r -> r.get("id") + " " + r.get("name"))
                        .toList())
                .containsExactly("1 Anna", "a1 Al");
    }

    @Test
    void checkSaysCitusAndItsWorkers(TestDatabase db) {
        ConnectorRun run = ConnectorRun.inProcess("check", "--config", ConnectorRun.tempJson(db.config()));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("SUCCEEDED").contains("Citus 13.").contains("with 2 workers");
    }
}
