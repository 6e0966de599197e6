package io.heropixel.destination.postgres.typing;

import static io.heropixel.destination.postgres.typing.TypingTestSupport.append;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.columns;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.config;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.dedup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.CdcDeletionMode;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.table.TableInspector;
import io.heropixel.destination.postgres.table.TypedColumn;
import io.heropixel.destination.postgres.testing.ClassDatabase;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour beyond the conformance fixtures: incremental runs, schema evolution, swaps, edge values. */
class TypingDeduperTest {
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    private static void prepare(StreamPlan plan, DestinationConfig config) throws SQLException {
        TableAndTyping deduper = new TableAndTyping(config);
        deduper.prepareRawTable(DB.connection(), plan, plan.rawTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
    }

    /** A dedup stream keyed on (id1, id2), cursor updated_at (integer), with the CDC deletion column. */
    private static StreamPlan cdcDedup(String namespace, DestinationConfig config) {
        return keyedDedup(
                namespace, AirbyteType.INTEGER, "_ab_cdc_deleted_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE, config);
    }

    /** A dedup stream keyed on (id1, id2), cursor updated_at of the given type, and one more column. */
    private static StreamPlan keyedDedup(
            String namespace, AirbyteType cursorType, String column, AirbyteType type, DestinationConfig config) {
        return dedup(
                namespace,
                columns("id1", AirbyteType.INTEGER, "id2", AirbyteType.INTEGER, "updated_at", cursorType, column, type),
                config);
    }

    private static TypingResult type(StreamPlan plan, DestinationConfig config) throws SQLException {
        return new TableAndTyping(config).typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTable());
    }

    /** Raw rows from JSON data objects; extracted_at in seconds after the epoch. */
    private static void raw(StreamPlan plan, long extractedAtSeconds, String... data) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        for (String d : data) {
            try {
                ObjectNode row = Fixtures.JSON.createObjectNode();
                row.put("_airbyte_raw_id", "00000000-0000-0000-0000-" + String.format("%012d", IDS.incrementAndGet()));
                row.put(
                        "_airbyte_extracted_at",
                        java.time.Instant.ofEpochSecond(extractedAtSeconds).toString());
                row.set("_airbyte_data", Fixtures.JSON.readTree(d));
                row.set("_airbyte_meta", Fixtures.JSON.readTree("{\"changes\": [], \"sync_id\": 7}"));
                row.put("_airbyte_generation_id", 3);
                rows.add(row);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        Fixtures.insertRaw(DB.connection(), plan.rawTable(), rows);
    }

    private static List<Map<String, Object>> rows(QualifiedName table, String orderBy) {
        return DB.db().query("SELECT * FROM " + table.quoted() + " ORDER BY " + orderBy);
    }

    private static String columnType(QualifiedName table, String column) {
        return (String) DB.db()
                .queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                        + table.quoted().replace("'", "''") + "'::regclass AND attname = '" + column + "'");
    }

    @Test
    void incrementalTypingTouchesOnlyNewRowsAndASecondRunChangesNothing() throws SQLException {
        DestinationConfig config = config("incremental");
        StreamPlan plan = append("incremental", columns("id", AirbyteType.INTEGER, "name", AirbyteType.STRING), config);
        prepare(plan, config);
        raw(plan, 10, "{\"id\": 1, \"name\": \"a\"}", "{\"id\": 2, \"name\": \"b\"}");
        assertThat(type(plan, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(2, 0, 0, 0));
        List<Map<String, Object>> rawAfterFirst = rows(plan.rawTable(), "_airbyte_raw_id");

        raw(plan, 20, "{\"id\": 3, \"name\": \"c\"}");
        assertThat(type(plan, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(1, 0, 0, 0));
        List<Map<String, Object>> rawAfterSecond = rows(plan.rawTable(), "_airbyte_raw_id");
        // rows typed by the first run keep their loaded_at: they were not touched again
        assertThat(rawAfterSecond.subList(0, 2)).isEqualTo(rawAfterFirst);
        assertThat(rows(plan.finalTable(), "id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);

        List<Map<String, Object>> finalBefore = rows(plan.finalTable(), "id");
        assertThat(type(plan, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(0, 0, 0, 0));
        assertThat(rows(plan.finalTable(), "id")).isEqualTo(finalBefore);
        assertThat(rows(plan.rawTable(), "_airbyte_raw_id")).isEqualTo(rawAfterSecond);
    }

    @Test
    void metaAndCopiedColumns() throws SQLException {
        DestinationConfig config = config("meta");
        StreamPlan plan = append("meta", columns("id", AirbyteType.INTEGER), config);
        prepare(plan, config);
        raw(plan, 10, "{\"id\": \"x\"}");
        assertThat(type(plan, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(1, 0, 1, 0));
        Map<String, Object> row = rows(plan.finalTable(), "id").get(0);
        assertThat(row.get("_airbyte_generation_id")).isEqualTo(3L);
        assertThat(row.get("id")).isNull();
        assertThat(row.get("_airbyte_meta").toString())
                .isEqualTo("{\"changes\": [{\"field\": \"id\", \"change\": \"NULLED\", \"reason\":"
                        + " \"DESTINATION_TYPECAST_ERROR\"}], \"sync_id\": 7}");
    }

    @Test
    void dedupKeepsTheNewestVersionAcrossRunsWithNullCursorsAndNullKeys() throws SQLException {
        DestinationConfig config = config("dedupnull");
        StreamPlan plan = keyedDedup("dedupnull", AirbyteType.INTEGER, "v", AirbyteType.STRING, config);
        prepare(plan, config);
        raw(
                plan,
                10,
                "{\"id1\": 1, \"id2\": null, \"updated_at\": 5, \"v\": \"null key, first\"}",
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": null, \"v\": \"null cursor\"}",
                "{\"id1\": 3, \"id2\": 1, \"updated_at\": 1, \"v\": \"tie, first batch\"}");
        type(plan, config);
        raw(
                plan,
                20,
                "{\"id1\": 1, \"id2\": null, \"updated_at\": 6, \"v\": \"null key, second\"}",
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": 0, \"v\": \"any cursor beats null\"}",
                "{\"id1\": 3, \"id2\": 1, \"updated_at\": 1, \"v\": \"tie, newer batch\"}");
        raw(plan, 5, "{\"id1\": 1, \"id2\": null, \"updated_at\": 4, \"v\": \"older, arrives late\"}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1"))
                .extracting(r -> r.get("v"))
                .containsExactly("null key, second", "any cursor beats null", "tie, newer batch");
        // an older version arriving later loses to the final row
        raw(plan, 30, "{\"id1\": 3, \"id2\": 1, \"updated_at\": 0, \"v\": \"older cursor\"}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1")).extracting(r -> r.get("v")).contains("tie, newer batch");
        assertThat(rows(plan.finalTable(), "id1")).hasSize(3);
    }

    @Test
    void cdcDeletesAreNotUndoneByOlderRecordsInLaterRuns() throws SQLException {
        DestinationConfig config = config("cdcres");
        StreamPlan plan = cdcDedup("cdcres", config);
        prepare(plan, config);
        raw(plan, 10, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 1}", "{\"id1\": 2, \"id2\": null, \"updated_at\": 1}");
        type(plan, config);
        raw(
                plan,
                20,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}",
                "{\"id1\": 2, \"id2\": null, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}");
        assertThat(type(plan, config).deleted()).isEqualTo(2);
        assertThat(rows(plan.finalTable(), "id1")).isEmpty();
        raw(plan, 30, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 3}", "{\"id1\": 2, \"id2\": null, \"updated_at\": 3}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1")).isEmpty();
        raw(plan, 40, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 9}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1"))
                .extracting(r -> r.get("updated_at"))
                .containsExactly(9L);
    }

    private static DestinationConfig softConfig(String namespace) {
        return TestingConfigs.config("public", namespace + "_raw", true, false, CdcDeletionMode.SOFT_DELETE);
    }

    /** key (id1) to (updated_at, whether _ab_cdc_deleted_at is set) of every final row. */
    private static Map<Long, List<Object>> finalRows(StreamPlan plan) {
        Map<Long, List<Object>> out = new java.util.TreeMap<>();
        for (Map<String, Object> row : rows(plan.finalTable(), "id1")) {
            assertThat(out.put(
                            (Long) row.get("id1"),
                            List.of(row.get("updated_at"), row.get("_ab_cdc_deleted_at") != null)))
                    .as("one row per key")
                    .isNull();
        }
        return out;
    }

    @Test
    void softDeleteKeepsTheDeletionRecordAsTheKeysRow() throws SQLException {
        DestinationConfig config = softConfig("softkeep");
        StreamPlan plan = cdcDedup("softkeep", config);
        prepare(plan, config);
        // a deletion into the empty table, for a key never seen before, is kept too
        raw(
                plan,
                10,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 1}",
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": 1}",
                "{\"id1\": 4, \"id2\": 1, \"updated_at\": 1, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}");
        TypingResult first = type(plan, config);
        assertThat(first.deleted()).isZero();
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(1L, false), 2L, List.of(1L, false), 4L, List.of(1L, true)));
        raw(
                plan,
                20,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}",
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}");
        assertThat(type(plan, config).deleted()).isZero();
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(5L, true), 2L, List.of(5L, true), 4L, List.of(1L, true)));
        // the deletion row is typed like any record: its other columns as the deletion record sent them
        assertThat(rows(plan.finalTable(), "id1").get(0))
                .containsEntry("id2", 1L)
                .containsEntry("_airbyte_generation_id", 3L);
        // an older version arriving later does not bring the old values back
        raw(plan, 30, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 3}", "{\"id1\": 4, \"id2\": 1, \"updated_at\": 0}");
        type(plan, config);
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(5L, true), 2L, List.of(5L, true), 4L, List.of(1L, true)));
        // a newer re-insert replaces the deletion row
        raw(plan, 40, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 9}");
        type(plan, config);
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(9L, false), 2L, List.of(5L, true), 4L, List.of(1L, true)));
        // same cursor: the later extraction wins, as for any version
        raw(plan, 50, "{\"id1\": 2, \"id2\": 1, \"updated_at\": 5}");
        type(plan, config);
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(9L, false), 2L, List.of(5L, false), 4L, List.of(1L, true)));
    }

    @Test
    void softDeleteKeepsDeletionRowsOfNullKeys() throws SQLException {
        DestinationConfig config = softConfig("softnull");
        StreamPlan plan = cdcDedup("softnull", config);
        prepare(plan, config);
        raw(plan, 10, "{\"id1\": 1, \"id2\": null, \"updated_at\": 1}");
        type(plan, config);
        raw(
                plan,
                20,
                "{\"id1\": 1, \"id2\": \"abc\", \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}");
        assertThat(type(plan, config).deleted()).isZero();
        assertThat(finalRows(plan)).isEqualTo(Map.of(1L, List.of(5L, true)));
        raw(plan, 30, "{\"id1\": 1, \"updated_at\": 2}");
        type(plan, config);
        assertThat(finalRows(plan)).isEqualTo(Map.of(1L, List.of(5L, true)));
    }

    @Test
    void switchingBetweenHardAndSoftDeleteLosesNoRow() throws SQLException {
        DestinationConfig hard = config("softswitch");
        DestinationConfig soft = softConfig("softswitch");
        StreamPlan plan = cdcDedup("softswitch", hard);
        prepare(plan, hard);
        raw(
                plan,
                10,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 1}",
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": 1}",
                "{\"id1\": 3, \"id2\": 1, \"updated_at\": 1}");
        type(plan, hard);
        raw(plan, 20, "{\"id1\": 1, \"id2\": 1, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}");
        assertThat(type(plan, hard).deleted()).isEqualTo(1);
        assertThat(finalRows(plan)).isEqualTo(Map.of(2L, List.of(1L, false), 3L, List.of(1L, false)));
        // soft: rows that exist stay; a new deletion is kept; a key hard-deleted before gets its deletion row
        // back when an older version of it arrives (the deletion is still the newest version), not the old values
        prepare(plan, soft);
        raw(
                plan,
                30,
                "{\"id1\": 2, \"id2\": 1, \"updated_at\": 5, \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}",
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 3}");
        assertThat(type(plan, soft).deleted()).isZero();
        assertThat(finalRows(plan))
                .isEqualTo(Map.of(1L, List.of(5L, true), 2L, List.of(5L, true), 3L, List.of(1L, false)));
        // hard again: nothing is lost; a deletion row kept by soft mode stays until its key is typed again,
        // then the hard rule applies to it (its newest version is the deletion: no row)
        prepare(plan, hard);
        raw(plan, 40, "{\"id1\": 2, \"id2\": 1, \"updated_at\": 4}", "{\"id1\": 3, \"id2\": 1, \"updated_at\": 2}");
        type(plan, hard);
        assertThat(finalRows(plan)).isEqualTo(Map.of(1L, List.of(5L, true), 3L, List.of(2L, false)));
        raw(
                plan,
                50,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 6}",
                "{\"id1\": 3, \"id2\": 1, \"updated_at\": 7, \"_ab_cdc_deleted_at\": \"2024-01-02T00:00:00Z\"}");
        assertThat(type(plan, hard).deleted()).isEqualTo(1);
        assertThat(finalRows(plan)).isEqualTo(Map.of(1L, List.of(6L, false)));
    }

    @Test
    void aDeletionSticksWhateverTheSpellingOfItsKey() throws SQLException {
        DestinationConfig config = config("cdcspell");
        StreamPlan plan = cdcDedup("cdcspell", config);
        QualifiedName index =
                new QualifiedName(plan.rawTable().schema(), StreamPlanner.indexName(plan.rawTable(), "deletions"));
        prepare(plan, config);
        // an index an earlier version built on the raw key text is rebuilt on the normalised key text
        DB.db().execute("DROP INDEX " + index.quoted());
        DB.db()
                .execute("CREATE INDEX " + index.table().quoted() + " ON "
                        + plan.rawTable().quoted()
                        + " ((_airbyte_data ->> 'id1'), (_airbyte_data ->> 'id2'))"
                        + " WHERE jsonb_typeof(_airbyte_data -> '_ab_cdc_deleted_at') <> 'null'");
        prepare(plan, config);
        assertThat((String) DB.db().queryValue("SELECT pg_get_indexdef('" + index.quoted() + "'::regclass)"))
                .contains("rtrim");
        String deleted = ", \"_ab_cdc_deleted_at\": \"2024-01-01T00:00:00Z\"}";
        raw(
                plan,
                10,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 1}",
                "{\"id1\": 2, \"id2\": 2, \"updated_at\": 1}",
                "{\"id1\": 3, \"id2\": 3, \"updated_at\": 1}",
                "{\"id1\": 4, \"id2\": 4, \"updated_at\": 1}",
                "{\"id1\": 5, \"id2\": 5, \"updated_at\": 1}");
        type(plan, config);
        // deletions, each key spelled another way; and keys whose text must not break the index
        String longDigits = "1".repeat(1200);
        raw(
                plan,
                20,
                "{\"id1\": 1.0, \"id2\": 1, \"updated_at\": 5" + deleted,
                "{\"id1\": \"2.00\", \"id2\": \"2\", \"updated_at\": 5" + deleted,
                "{\"id1\": \"3e0\", \"id2\": 3, \"updated_at\": 5" + deleted,
                "{\"id1\": 4, \"id2\": 4, \"updated_at\": 5" + deleted,
                "{\"id1\": \" +5 \", \"id2\": 0.5e1, \"updated_at\": 5" + deleted,
                "{\"id1\": \"9e999\", \"id2\": \"-.5e-999\", \"updated_at\": 5" + deleted,
                "{\"id1\": \"1e99999\", \"id2\": \"NaN\", \"updated_at\": 5" + deleted,
                "{\"id1\": \"" + longDigits + "\", \"id2\": " + "9".repeat(999) + ", \"updated_at\": 5" + deleted,
                "{\"id1\": 1e400, \"id2\": \"abc\", \"updated_at\": 5" + deleted);
        assertThat(type(plan, config).deleted()).isEqualTo(5);
        assertThat(rows(plan.finalTable(), "id1")).isEmpty();
        // older versions arrive later, spelled yet another way: none comes back
        raw(
                plan,
                30,
                "{\"id1\": 1, \"id2\": 1, \"updated_at\": 3}",
                "{\"id1\": 2, \"id2\": 2.0, \"updated_at\": 3}",
                "{\"id1\": 3, \"id2\": \"3\", \"updated_at\": 3}",
                "{\"id1\": \"4.0\", \"id2\": \"40e-1\", \"updated_at\": 3}",
                "{\"id1\": 5, \"id2\": 5, \"updated_at\": 3}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1")).isEmpty();
        // a newer version does come back
        raw(plan, 40, "{\"id1\": 1.00, \"id2\": 1, \"updated_at\": 9}");
        type(plan, config);
        assertThat(rows(plan.finalTable(), "id1"))
                .extracting(r -> r.get("id1"), r -> r.get("updated_at"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 9L));
    }

    @Test
    void theDeletionLookupUsesTheDeletionIndex() throws SQLException {
        DestinationConfig config = config("cdcindex");
        StreamPlan plan = cdcDedup("cdcindex", config);
        prepare(plan, config);
        DB.db()
                .execute("INSERT INTO " + plan.rawTable().quoted()
                        + " (_airbyte_raw_id, _airbyte_data, _airbyte_loaded_at)"
                        + " SELECT 'r' || i, jsonb_build_object('id1', i, 'id2', 1, 'updated_at', 1, '_ab_cdc_deleted_at',"
                        + " '2024-01-01T00:00:00Z'), now() FROM generate_series(1, 20000) i");
        raw(plan, 10, "{\"id1\": 5, \"id2\": 1, \"updated_at\": 0}");
        DB.db().execute("ANALYZE " + plan.rawTable().quoted());
        TableAndTyping deduper = new TableAndTyping(config);
        List<TypedColumn> columns =
                new TableInspector().typedColumns(DB.connection(), plan.finalTable(), plan.columns());
        BoundSql insert =
                DedupSql.insertBatch(plan.rawTable(), columns, plan, List.of("id1", "id2"), false, CastMode.DIRECT);
        String select = insert.sql().substring(insert.sql().indexOf(" SELECT ") + 1);
        StringBuilder explain = new StringBuilder();
        try (java.sql.PreparedStatement ps = DB.connection().prepareStatement("EXPLAIN " + select)) {
            for (int i = 0; i < insert.parameters().size(); i++) {
                ps.setString(i + 1, insert.parameters().get(i));
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    explain.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertThat(explain.toString())
                .contains(StreamPlanner.indexName(plan.rawTable(), "deletions").name());
        // and the older record does not come back
        deduper.typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTable());
        assertThat(rows(plan.finalTable(), "id1")).isEmpty();
    }

    @Test
    void valuesAreTypedAsDocumented() throws SQLException {
        DestinationConfig config = config("values");
        StreamPlan plan = append(
                "values",
                columns(
                        "n",
                        AirbyteType.NUMBER,
                        "i",
                        AirbyteType.INTEGER,
                        "b",
                        AirbyteType.BOOLEAN,
                        "tz",
                        AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                        "ntz",
                        AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE,
                        "s",
                        AirbyteType.STRING,
                        "u",
                        AirbyteType.UNKNOWN),
                config);
        prepare(plan, config);
        // a session time zone other than UTC must not change how values are read
        DB.db().execute("ALTER DATABASE " + DB.db().database() + " SET TimeZone = 'America/New_York'");
        try (Connection other = DB.db().connect()) {
            raw(
                    plan,
                    10,
                    "{\"n\": \"3.5\", \"i\": \"42\", \"b\": true, \"tz\": \"2024-01-01T10:00:00\","
                            + " \"ntz\": \"2024-01-01T10:00:00+05:00\", \"s\": 12.50, \"u\": null}",
                    "{\"n\": 123456789012345678901234567890.123456789, \"i\": 9223372036854775808,"
                            + " \"b\": \"true\", \"s\": {\"a\": [1, 2]}}",
                    "{\"i\": 42.0, \"b\": 1}",
                    "{\"i\": \"-7.00\"}",
                    "{\"i\": 42.5}");
            new TableAndTyping(config).typeAndDedupe(other, plan, plan.rawTable(), plan.finalTable());
        } finally {
            DB.db().execute("ALTER DATABASE " + DB.db().database() + " RESET TimeZone");
        }
        List<Map<String, Object>> rows = DB.db()
                .query("SELECT n::text, i, b, tz AT TIME ZONE 'UTC' AS tz_utc,"
                        + " ntz::text, s, u::text, _airbyte_meta::text AS meta FROM "
                        + plan.finalTable().quoted()
                        + " ORDER BY _airbyte_raw_id");
        // quoted numbers load as numbers (a deliberate difference from the incumbent, see docs/type-mapping.md)
        assertThat(rows.get(0))
                .containsEntry("n", "3.5")
                .containsEntry("i", 42L)
                .containsEntry("b", true);
        assertThat(rows.get(0).get("tz_utc").toString()).isEqualTo("2024-01-01 10:00:00.0");
        assertThat(rows.get(0)).containsEntry("ntz", "2024-01-01 10:00:00").containsEntry("s", "12.50");
        assertThat(rows.get(0)).containsEntry("u", "null");
        assertThat(rows.get(1)).containsEntry("n", "123456789012345678901234567890.123456789");
        assertThat(rows.get(1).get("i")).isNull();
        assertThat(rows.get(1).get("b")).isNull();
        assertThat(rows.get(1)).containsEntry("s", "{\"a\": [1, 2]}");
        assertThat((String) rows.get(1).get("meta"))
                .contains("\"field\": \"i\"")
                .contains("\"field\": \"b\"");
        // integral numbers with a zero fraction are integers; 42.5 is not (NULL + change); 1 is not a boolean
        assertThat(rows.get(2)).containsEntry("i", 42L);
        assertThat(rows.get(2).get("b")).isNull();
        assertThat(rows.get(3)).containsEntry("i", -7L);
        assertThat(rows.get(4).get("i")).isNull();
        assertThat((String) rows.get(4).get("meta")).contains("\"field\": \"i\"");
    }

    @Test
    void constrainedNumbersNullValuesThatDoNotFit() throws SQLException {
        DestinationConfig config = TestingConfigs.config("public", "constrained_raw", false, false);
        StreamPlan plan = append("constrained", columns("n", AirbyteType.NUMBER), config);
        prepare(plan, config);
        assertThat(columnType(plan.finalTable(), "n")).isEqualTo("numeric(38,9)");
        raw(plan, 10, "{\"n\": 1.1234567891234}", "{\"n\": 1e40}");
        TypingResult result = type(plan, config);
        assertThat(result.nulled()).isEqualTo(1);
        assertThat(DB.db().query("SELECT n FROM " + plan.finalTable().quoted() + " ORDER BY _airbyte_raw_id"))
                .extracting(r -> r.get("n"))
                .containsExactly(new BigDecimal("1.123456789"), null);
    }

    @Test
    void schemaEvolutionAddsWidensAndNeverLosesData() throws SQLException {
        DestinationConfig config = config("evolve");
        StreamPlan v1 = append(
                "evolve",
                columns(
                        "id",
                        AirbyteType.INTEGER,
                        "name",
                        AirbyteType.STRING,
                        "amount",
                        AirbyteType.INTEGER,
                        "code",
                        AirbyteType.STRING,
                        "flag",
                        AirbyteType.BOOLEAN,
                        "day",
                        AirbyteType.DATE),
                config);
        prepare(v1, config);
        raw(
                v1,
                10,
                "{\"id\": 1, \"name\": \"n\", \"amount\": 5, \"code\": \"A-1\", \"flag\": true,"
                        + " \"day\": \"2024-02-03\"}");
        type(v1, config);

        StreamPlan v2 = append(
                "evolve",
                columns(
                        "id",
                        AirbyteType.INTEGER,
                        "amount",
                        AirbyteType.NUMBER,
                        "code",
                        AirbyteType.INTEGER,
                        "flag",
                        AirbyteType.INTEGER,
                        "day",
                        AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                        "extra",
                        AirbyteType.OBJECT),
                config);
        prepare(v2, config);
        QualifiedName table = v2.finalTable();
        assertThat(columnType(table, "amount")).isEqualTo("numeric"); // widened in place
        assertThat(columnType(table, "code")).isEqualTo("character varying"); // never narrowed
        assertThat(columnType(table, "flag")).isEqualTo("character varying"); // no in-place widening: text
        assertThat(columnType(table, "day")).isEqualTo("timestamp with time zone");
        assertThat(columnType(table, "extra")).isEqualTo("jsonb"); // added
        assertThat(columnType(table, "name")).isEqualTo("character varying"); // removed property: kept

        raw(
                v2,
                20,
                "{\"id\": 2, \"amount\": 2.5, \"code\": 42, \"flag\": 7, \"day\": \"2024-02-04T05:00:00Z\","
                        + " \"extra\": {\"k\": 1}}");
        assertThat(type(v2, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(1, 0, 0, 0));
        List<Map<String, Object>> rows = DB.db()
                .query("SELECT id, name, amount::text, code, flag, day AT TIME ZONE"
                        + " 'UTC' AS day, extra::text FROM " + table.quoted() + " ORDER BY id");
        assertThat(rows.get(0))
                .containsEntry("name", "n")
                .containsEntry("amount", "5")
                .containsEntry("code", "A-1")
                .containsEntry("flag", "true");
        assertThat(rows.get(0).get("day").toString()).isEqualTo("2024-02-03 00:00:00.0");
        assertThat(rows.get(1))
                .containsEntry("amount", "2.5")
                .containsEntry("code", "42")
                .containsEntry("flag", "7")
                .containsEntry("extra", "{\"k\": 1}");
    }

    @Test
    void aColumnUsedByAViewKeepsItsTypeAndStillLoads() throws SQLException {
        DestinationConfig config = config("viewcol");
        StreamPlan v1 = append("viewcol", columns("id", AirbyteType.INTEGER, "amount", AirbyteType.INTEGER), config);
        prepare(v1, config);
        DB.db()
                .execute("CREATE VIEW viewcol.amounts AS SELECT amount FROM "
                        + v1.finalTable().quoted());
        StreamPlan v2 = append("viewcol", columns("id", AirbyteType.INTEGER, "amount", AirbyteType.NUMBER), config);
        prepare(v2, config);
        assertThat(columnType(v2.finalTable(), "amount")).isEqualTo("bigint");
        raw(v2, 10, "{\"id\": 1, \"amount\": 7}");
        assertThat(type(v2, config))
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(1, 0, 0, 0));
        assertThat(DB.db().queryValue("SELECT amount FROM viewcol.amounts")).isEqualTo(7L);
    }

    @Test
    void existingNumericColumnsKeepTheirType() throws SQLException {
        DestinationConfig unconstrained = config("keepnum");
        StreamPlan plan = append("keepnum", columns("n", AirbyteType.NUMBER), unconstrained);
        prepare(plan, unconstrained);
        DestinationConfig constrained = TestingConfigs.config("public", "keepnum_raw", false, false);
        prepare(plan, constrained);
        assertThat(columnType(plan.finalTable(), "n")).isEqualTo("numeric");
    }

    @Test
    void adoptsTablesOfAirbyte2() throws SQLException {
        DestinationConfig config = config("adopt");
        StreamPlan plan = keyedDedup("adopt", AirbyteType.TIMESTAMP_WITH_TIMEZONE, "v", AirbyteType.STRING, config);
        DB.db()
                .execute(
                        "CREATE SCHEMA adopt",
                        "CREATE SCHEMA adopt_raw",
                        "CREATE TABLE adopt_raw." + plan.rawTable().table().quoted()
                                + " (_airbyte_raw_id VARCHAR PRIMARY KEY,"
                                + " _airbyte_data JSONB, _airbyte_extracted_at TIMESTAMP WITH TIME ZONE DEFAULT"
                                + " CURRENT_TIMESTAMP, _airbyte_loaded_at TIMESTAMP WITH TIME ZONE DEFAULT NULL)",
                        "CREATE TABLE adopt." + plan.finalTable().table().quoted() + " (\"id1\" bigint, \"id2\" bigint,"
                                + " \"updated_at\" timestamp with time zone, \"_airbyte_raw_id\" varchar(36) not null,"
                                + " \"_airbyte_extracted_at\" timestamp with time zone not null)");
        prepare(plan, config);
        assertThat(columnType(plan.rawTable(), "_airbyte_meta")).isEqualTo("jsonb");
        assertThat(columnType(plan.rawTable(), "_airbyte_generation_id")).isEqualTo("bigint");
        assertThat(columnType(plan.finalTable(), "v")).isEqualTo("character varying");
        assertThat(columnType(plan.finalTable(), "_airbyte_meta")).isEqualTo("jsonb");
        raw(plan, 10, "{\"id1\": 1, \"id2\": 2, \"updated_at\": \"2024-01-01T00:00:00Z\", \"v\": \"x\"}");
        assertThat(type(plan, config).typed()).isEqualTo(1);
        assertThat(rows(plan.finalTable(), "id1")).extracting(r -> r.get("v")).containsExactly("x");
    }

    @Test
    void indexesAreCreatedAsDecided() throws SQLException {
        DestinationConfig config = config("indexes");
        StreamPlan plan = cdcDedup("indexes", config);
        prepare(plan, config);
        List<Object> finalIndexes =
                DB.db().query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'indexes'").stream()
                        .map(r -> r.get("indexdef"))
                        .toList();
        assertThat(finalIndexes).hasSize(2);
        assertThat(finalIndexes.toString())
                .contains("(id1, id2, updated_at)")
                .contains("(_airbyte_extracted_at)")
                .doesNotContain("_airbyte_raw_id")
                .doesNotContain("UNIQUE");
        String rawIndexes = DB.db()
                .query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'indexes_raw'")
                .toString();
        assertThat(rawIndexes).contains("WHERE (_airbyte_loaded_at IS NULL)").contains("_ab_cdc_deleted_at");
        assertThat(rawIndexes).doesNotContain("(_airbyte_raw_id)");
    }

    @Test
    void aUserPropertyNamedLikeAMetaColumnWorks() throws SQLException {
        DestinationConfig config = config("metaclash");
        StreamPlan plan =
                append("metaclash", columns("_airbyte_raw_id", AirbyteType.STRING, "x", AirbyteType.INTEGER), config);
        prepare(plan, config);
        raw(plan, 10, "{\"_airbyte_raw_id\": \"user value\", \"x\": 1}");
        type(plan, config);
        Map<String, Object> row = rows(plan.finalTable(), "x").get(0);
        assertThat(row).containsEntry("_airbyte_raw_id_1", "user value");
        assertThat((String) row.get("_airbyte_raw_id")).startsWith("00000000-");
    }

    @Test
    void rawTablesAreNulFreeBecauseJsonbRejectsNul() {
        // The loader strips \u0000 before COPY (JsonSanitizer); typing relies on it: jsonb cannot hold NUL.
        assertThatThrownBy(() -> DB.db().execute("SELECT '{\"a\": \"x\\u0000y\"}'::jsonb"))
                .hasMessageContaining("u0000");
    }

    @Test
    void swapReplacesTheTargetAndMovesIndexNames() throws SQLException {
        DestinationConfig config = config("swap");
        StreamPlan plan = append("swap", columns("id", AirbyteType.INTEGER), config);
        TableAndTyping deduper = new TableAndTyping(config);
        deduper.prepareRawTable(DB.connection(), plan, plan.rawTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTempTable());
        raw(plan, 10, "{\"id\": 1}");
        deduper.typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTempTable());
        deduper.swap(DB.connection(), plan.finalTempTable(), plan.finalTable());
        assertThat(rows(plan.finalTable(), "id")).extracting(r -> r.get("id")).containsExactly(1L);
        assertThat(DB.db()
                        .queryValue(
                                "SELECT to_regclass('" + plan.finalTempTable().quoted() + "')"))
                .isNull();
        assertThat(DB.db()
                        .queryValue("SELECT count(*) FROM pg_indexes WHERE schemaname = 'swap' AND indexname = '"
                                + StreamPlanner.indexName(plan.finalTable(), "extracted_at")
                                        .name() + "'"))
                .isEqualTo(1L);
        // prepare again: no duplicate index
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
        assertThat(DB.db().queryValue("SELECT count(*) FROM pg_indexes WHERE schemaname = 'swap'"))
                .isEqualTo(1L);
    }

    @Test
    void swapKeepsADependentViewAndNeedsDropCascadeOnlyForATypeChangeUnderIt() throws SQLException {
        DestinationConfig config = config("swapview");
        StreamPlan plan = append("swapview", columns("id", AirbyteType.INTEGER), config);
        TableAndTyping deduper = new TableAndTyping(config);
        deduper.prepareRawTable(DB.connection(), plan, plan.rawTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTempTable());
        DB.db()
                .execute("CREATE VIEW swapview.my_view AS SELECT * FROM "
                        + plan.finalTable().quoted());
        raw(plan, 10, "{\"id\": 7}");
        deduper.typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTempTable());
        deduper.swap(DB.connection(), plan.finalTempTable(), plan.finalTable());
        assertThat(DB.db().queryValue("SELECT id FROM swapview.my_view")).isEqualTo(7L);
        assertThat(DB.db()
                        .queryValue(
                                "SELECT to_regclass('" + plan.finalTempTable().quoted() + "')"))
                .isNull();

        // the next generation makes id a string: the view uses it, so only CASCADE can replace the table
        StreamPlan retyped = append("swapview", columns("id", AirbyteType.STRING), config);
        assertThatThrownBy(() -> deduper.prepareFinalTable(DB.connection(), retyped, retyped.finalTempTable()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("swapview.my_view")
                .hasMessageContaining("drop_cascade");
        DestinationConfig cascade = TestingConfigs.config("public", "swapview_raw", true, true);
        TableAndTyping cascading = new TableAndTyping(cascade);
        cascading.prepareFinalTable(DB.connection(), retyped, retyped.finalTempTable());
        assertThatThrownBy(() -> deduper.swap(DB.connection(), retyped.finalTempTable(), retyped.finalTable()))
                .isInstanceOf(ConfigException.class);
        assertThat(DB.db().queryValue("SELECT id FROM swapview.my_view")).isEqualTo(7L);
        cascading.swap(DB.connection(), retyped.finalTempTable(), retyped.finalTable());
        assertThat(DB.db().queryValue("SELECT to_regclass('swapview.my_view')")).isNull();
        assertThat(DB.db()
                        .queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                                + retyped.finalTable().quoted() + "'::regclass AND attname = 'id'"))
                .isEqualTo("character varying");
    }

    @Test
    void streamsCanBePreparedInParallel() throws Exception {
        DestinationConfig config = config("parallel");
        List<StreamPlan> plans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            plans.add(TypingTestSupport.plan(
                    "parallel",
                    io.heropixel.destination.postgres.catalog.DestinationSyncMode.APPEND,
                    columns("id", AirbyteType.INTEGER),
                    List.of(),
                    null,
                    config,
                    "stream_" + i));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (StreamPlan plan : plans) {
                futures.add(pool.submit(() -> {
                    try (Connection c = DB.db().connect()) {
                        TableAndTyping deduper = new TableAndTyping(config);
                        deduper.prepareRawTable(c, plan, plan.rawTable());
                        deduper.prepareFinalTable(c, plan, plan.finalTable());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(DB.db()
                        .queryValue("SELECT count(*) FROM pg_tables WHERE schemaname IN ('parallel', 'parallel_raw')"))
                .isEqualTo(12L);
    }

    @Test
    void typingFailsClearlyWithoutAPreparedTable() {
        DestinationConfig config = config("unprepared");
        StreamPlan plan = append("unprepared", columns("id", AirbyteType.INTEGER), config);
        assertThatThrownBy(() -> type(plan, config)).isInstanceOf(IllegalStateException.class);
    }

    @SuppressWarnings("unused")
    private static JsonNode json(String text) throws java.io.IOException {
        return Fixtures.JSON.readTree(text);
    }
}
