package io.heropixel.destination.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.naming.StreamRegistry;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table registry (docs/naming.md): a stream keeps its tables whatever other streams come and go, a
 * colliding newcomer gets the suffix, tables of earlier versions are adopted, and internal tables never
 * collide with a stream's tables.
 */
@ExtendWith(TestingPostgres.class)
class TableRegistryTest {
    private static final String NS = "crm";
    private static final String REGISTRY = "airbyte_internal._heropixel_stream_tables";

    @Test
    void aCollidingNewcomerGetsTheSuffixAndTheIncumbentKeepsItsTablesForLife(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode users = append("users", 1, 0);
        ok(sync(config, List.of(users), "users:1"));
        assertThat(tables(db, "users")).isEqualTo("crm.users crm_raw__stream_users");

        // Users beside users: the earlier naming moved users to suffixed tables and gave Users users' raw table
        ObjectNode upper = append("Users", 1, 0);
        Map<String, StreamPlan> before = Conformance.plans(config, WriteHarness.catalog(users, upper));
        assertThat(before.get("crm.Users").rawTable().table().name()).isEqualTo("crm_raw__stream_users");
        ok(sync(config, List.of(users, upper), "users:2", "Users:100"));

        assertThat(tables(db, "users")).isEqualTo("crm.users crm_raw__stream_users");
        String upperTables = tables(db, "Users");
        assertThat(upperTables).matches("crm\\.Users_[0-9a-f]{3} crm_raw__stream_users_[0-9a-f]{3}");
        String upperFinal = "crm.\"" + upperTables.split(" ")[0].substring(4) + "\"";
        String upperRaw = "airbyte_internal." + upperTables.split(" ")[1];
        assertThat(ids(db, "crm.users")).isEqualTo("1,2");
        assertThat(rawIds(db, "airbyte_internal.crm_raw__stream_users")).isEqualTo("1,2");
        assertThat(ids(db, upperFinal)).isEqualTo("100");
        assertThat(rawIds(db, upperRaw)).isEqualTo("100");

        // a truncate refresh of the newcomer replaces only its own tables
        ok(sync(config, List.of(users, append("Users", 2, 2)), "users:3", "Users:101"));
        assertThat(ids(db, "crm.users")).isEqualTo("1,2,3");
        assertThat(rawIds(db, "airbyte_internal.crm_raw__stream_users")).isEqualTo("1,2,3");
        assertThat(ids(db, upperFinal)).isEqualTo("101");
        assertThat(rawIds(db, upperRaw)).isEqualTo("101");

        // deselected: nothing moves; selected again: the same suffixed tables
        ok(sync(config, List.of(users), "users:4"));
        assertThat(tables(db, "users")).isEqualTo("crm.users crm_raw__stream_users");
        assertThat(ids(db, "crm.users")).isEqualTo("1,2,3,4");
        ok(sync(config, List.of(users, append("Users", 2, 0)), "Users:102"));
        assertThat(tables(db, "Users")).isEqualTo(upperTables);
        assertThat(ids(db, upperFinal)).isEqualTo("101,102");
        assertThat(ids(db, "crm.users")).isEqualTo("1,2,3,4");
        assertThat(db.queryValue("SELECT count(*) FROM " + REGISTRY)).isEqualTo(2L);
    }

    @Test
    void namesEqualAfterTruncationTo63BytesStayApart(TestDatabase db) {
        ObjectNode config = db.config();
        String prefix = "a".repeat(70);
        ObjectNode second = append(prefix + "_second", 1, 0);
        ok(sync(config, List.of(second), prefix + "_second:1"));
        String secondTables = tables(db, prefix + "_second");
        assertThat(secondTables).isEqualTo("crm." + "a".repeat(63) + " crm_raw__stream_" + "a".repeat(47));

        // "_first" sorts first: the earlier naming would have given it the plain names
        ok(sync(config, List.of(second, append(prefix + "_first", 1, 0)), prefix + "_first:7", prefix + "_second:2"));

        assertThat(tables(db, prefix + "_second")).isEqualTo(secondTables);
        assertThat(ids(db, "crm." + "a".repeat(63))).isEqualTo("1,2");
        String first = tables(db, prefix + "_first").split(" ")[0].substring(4);
        assertThat(first).hasSize(63).matches("a{40,}_[0-9a-f]{8}_[0-9a-f]{3}");
        assertThat(ids(db, "crm.\"" + first + "\"")).isEqualTo("7");
    }

    @Test
    void tablesOfEarlierVersionsAreAdoptedWithTheirCollisions(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode users = append("users", 1, 0);
        ObjectNode upper = append("Users", 1, 0);
        // an earlier version synced [users, Users]: Users got the plain names, users the suffixed ones
        ok(sync(config, List.of(users, upper), "users:1", "Users:100"));
        Map<String, StreamPlan> old = Conformance.plans(config, WriteHarness.catalog(users, upper));
        db.execute("DROP TABLE " + REGISTRY);

        ok(sync(config, List.of(upper, users), "users:2", "Users:101"));

        assertThat(tables(db, "Users")).isEqualTo("crm.Users crm_raw__stream_users");
        StreamPlan lower = old.get("crm.users");
        assertThat(tables(db, "users"))
                .isEqualTo("crm." + lower.finalTable().table().name() + " "
                        + lower.rawTable().table().name());
        assertThat(ids(db, lower.finalTable().quoted())).isEqualTo("1,2");
        assertThat(ids(db, "crm.\"Users\"")).isEqualTo("100,101");
    }

    @Test
    void anEarlierVersionsStreamKeepsItsTablesWhenACollidingStreamArrivesWithTheUpgrade(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode users = append("users", 1, 0);
        ok(sync(config, List.of(users), "users:1"));
        db.execute("DROP TABLE " + REGISTRY); // as an earlier version left it

        ok(sync(config, List.of(users, append("Users", 1, 0)), "users:2", "Users:100"));

        assertThat(tables(db, "users")).isEqualTo("crm.users crm_raw__stream_users");
        assertThat(rawIds(db, "airbyte_internal.crm_raw__stream_users")).isEqualTo("1,2");
        assertThat(tables(db, "Users")).matches("crm\\.Users_[0-9a-f]{3} crm_raw__stream_users_[0-9a-f]{3}");
    }

    @Test
    void tablesRenamedByHandAreFollowedOnceTheRegistryRowIsUpdated(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode users = append("users", 1, 0);
        ok(sync(config, List.of(users), "users:1"));
        db.execute(
                "ALTER TABLE crm.users RENAME TO customers",
                "UPDATE " + REGISTRY + " SET final_table = 'customers' WHERE stream_name = 'users'");

        ok(sync(config, List.of(users), "users:2"));

        assertThat(ids(db, "crm.customers")).isEqualTo("1,2");
        assertThat(db.queryValue("SELECT to_regclass('crm.users')")).isNull();
    }

    @Test
    void aStreamNamedLikeAnInternalTableGetsItsOwnTables(TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode typed = append("users_airbyte_typed", 1, 0);
        ObjectNode tmp = append("users_airbyte_tmp", 1, 0);
        ok(sync(config, List.of(typed, tmp), "users_airbyte_typed:1", "users_airbyte_tmp:2"));
        assertThat(tables(db, "users_airbyte_typed"))
                .matches("crm\\.users_airbyte_typed_[0-9a-f]{3} crm_raw__stream_users_airbyte_typed_[0-9a-f]{3}");
        assertThat(tables(db, "users_airbyte_tmp"))
                .matches("crm\\.users_airbyte_tmp_[0-9a-f]{3} crm_raw__stream_users_airbyte_tmp_[0-9a-f]{3}");

        // then a dedup stream whose internal tables have those names: typed while loading, truncate refreshed
        ok(sync(config, List.of(typed, tmp, dedup("users", 1, 0)), "users:10", "users:11"));
        ok(sync(config, List.of(typed, tmp, dedup("users", 2, 2)), "users:12", "users_airbyte_tmp:3"));

        assertThat(tables(db, "users")).isEqualTo("crm.users crm_raw__stream_users");
        assertThat(ids(db, "crm.users")).isEqualTo("12");
        String typedFinal =
                "crm." + tables(db, "users_airbyte_typed").split(" ")[0].substring(4);
        String tmpFinal = "crm." + tables(db, "users_airbyte_tmp").split(" ")[0].substring(4);
        assertThat(ids(db, typedFinal)).isEqualTo("1");
        assertThat(ids(db, tmpFinal)).isEqualTo("2,3");
        assertThat(internalTables(db)).isEmpty();
    }

    @Test
    void noEmptyTypedTempTableIsLeftAfterATruncateRefreshOfADedupStream(TestDatabase db) {
        ObjectNode config = db.config();
        ok(sync(config, List.of(dedup("users", 1, 0)), "users:1", "users:2"));
        assertThat(internalTables(db)).isEmpty();

        ok(sync(config, List.of(dedup("users", 2, 2)), "users:3", "users:3"));

        assertThat(ids(db, "crm.users")).isEqualTo("3");
        assertThat(internalTables(db)).isEmpty();
        assertThat(db.query("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                        + " 'airbyte_internal' ORDER BY 1"))
                .extracting(r -> r.get("table_name"))
                .containsExactly("_heropixel_stream_tables", "crm_raw__stream_users");
    }

    /** Two syncs registering colliding newcomers at the same moment: one waits, the other gets the suffix. */
    @Test
    void twoSyncsRegisteringAtOnceNeverShareATable(TestDatabase db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                DestinationConfig config = ConfigResolver.resolve(db.config().put("raw_data_schema", "raw_" + round));
                try (Connection connection = db.connect()) { // the schema and the registry exist already
                    StreamRegistry.resolve(
                            connection,
                            CatalogParser.parse(WriteHarness.catalog(append("other", 1, 0)), config.defaultSchema()),
                            config);
                }
                List<Future<StreamPlan>> plans = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (String name : List.of("users", "Users")) {
                    List<ConfiguredStream> streams =
                            CatalogParser.parse(WriteHarness.catalog(append(name, 1, 0)), config.defaultSchema());
                    plans.add(pool.submit(() -> {
                        try (Connection connection = db.connect()) {
                            start.await();
                            return StreamRegistry.resolve(connection, streams, config)
                                    .get(0);
                        }
                    }));
                }
                start.countDown();
                StreamPlan lower = plans.get(0).get(1, TimeUnit.MINUTES);
                StreamPlan upper = plans.get(1).get(1, TimeUnit.MINUTES);
                assertThat(lower.rawTable()).isNotEqualTo(upper.rawTable());
                assertThat(lower.rawTable().schema().name()).isEqualTo("raw_" + round);
                assertThat(db.queryValue(
                                "SELECT count(DISTINCT raw_table) FROM raw_" + round + "." + StreamRegistry.TABLE))
                        .isEqualTo(3L);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static ObjectNode append(String name, long generation, long minGeneration) {
        return WriteHarness.stream(NS, name, "append", generation, minGeneration);
    }

    private static ObjectNode dedup(String name, long generation, long minGeneration) {
        ObjectNode stream = WriteHarness.stream(NS, name, "append_dedup", generation, minGeneration);
        stream.putArray("primary_key").addArray().add("id");
        return stream;
    }

    /** A sync of the streams; {@code records} are {@code "<stream>:<id>"}; every stream completes. */
    private static ConnectorRun sync(ObjectNode config, List<ObjectNode> streams, String... records) {
        List<String> lines = new ArrayList<>();
        long emittedAt = 1000;
        for (String record : records) {
            int colon = record.lastIndexOf(':');
            String id = record.substring(colon + 1);
            lines.add(WriteHarness.record(
                    NS, record.substring(0, colon), "{\"id\":" + id + ",\"name\":\"n" + id + "\"}", emittedAt++));
        }
        for (ObjectNode stream : streams) {
            lines.add(WriteHarness.status(NS, stream.path("stream").path("name").asText(), "COMPLETE"));
        }
        return ConnectorRun.inProcessWrite(
                config, WriteHarness.catalog(streams.toArray(ObjectNode[]::new)), String.join("\n", lines) + "\n");
    }

    private static void ok(ConnectorRun run) {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    /** The stream's registered tables: {@code <final schema>.<final table> <raw table>}. */
    private static String tables(TestDatabase db, String stream) {
        return (String) db.queryValue("SELECT final_schema || '.' || final_table || ' ' || raw_table FROM " + REGISTRY
                + " WHERE stream_namespace = '" + NS + "' AND stream_name = '" + stream + "'");
    }

    private static String ids(TestDatabase db, String table) {
        return (String) db.queryValue("SELECT string_agg(id::text, ',' ORDER BY id) FROM " + table);
    }

    private static String rawIds(TestDatabase db, String table) {
        return (String) db.queryValue(
                "SELECT string_agg(_airbyte_data->>'id', ',' ORDER BY (_airbyte_data->>'id')::int) FROM " + table);
    }

    /** Temp and staging tables of the connector left in any schema. */
    private static List<Object> internalTables(TestDatabase db) {
        return db
                .query("SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_name ~"
                        + " '_airbyte_(tmp|typed)$' ORDER BY 1")
                .stream()
                .map(r -> r.get("t"))
                .toList();
    }
}
