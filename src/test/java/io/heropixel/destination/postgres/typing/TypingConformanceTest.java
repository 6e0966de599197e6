package io.heropixel.destination.postgres.typing;

import static io.heropixel.destination.postgres.typing.TypingTestSupport.allTypes;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.append;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.columns;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.config;
import static io.heropixel.destination.postgres.typing.TypingTestSupport.dedup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.testing.ClassDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL-level conformance cases of Airbyte's BaseSqlGeneratorIntegrationTest: raw rows from
 * cdk-sqlgenerator/ are typed and compared with postgres-sqlgenerator/ expectations. One database for the
 * class; each test uses its own schemas.
 */
class TypingConformanceTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    private record Run(StreamPlan plan, TypingResult result) {}

    private static StreamPlan prepare(StreamPlan plan, DestinationConfig config) throws SQLException {
        TableAndTyping deduper = new TableAndTyping(config);
        deduper.prepareRawTable(DB.connection(), plan, plan.rawTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
        return plan;
    }

    private static TypingResult type(StreamPlan plan, DestinationConfig config) throws SQLException {
        TypingResult result =
                new TableAndTyping(config).typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTable());
        long unloaded = ((Number) DB.db()
                        .queryValue("SELECT count(*) FROM " + plan.rawTable().quoted()
                                + " WHERE _airbyte_loaded_at IS NULL"))
                .longValue();
        assertThat(unloaded).as("raw rows left unprocessed").isZero();
        return result;
    }

    private static Run run(StreamPlan plan, DestinationConfig config, List<ObjectNode> raw) throws SQLException {
        prepare(plan, config);
        Fixtures.insertRaw(DB.connection(), plan.rawTable(), raw);
        return new Run(plan, type(plan, config));
    }

    private static List<ObjectNode> concat(List<ObjectNode> a, List<ObjectNode> b) {
        List<ObjectNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The newest alltypes input carries generation 42 everywhere and a source change on row 3 (README). */
    private static List<ObjectNode> allTypesInput(boolean withBadRow) {
        List<ObjectNode> rows = Fixtures.read("cdk-sqlgenerator/alltypes_inputrecords.jsonl");
        if (withBadRow) {
            rows = concat(rows, Fixtures.read("cdk-sqlgenerator/safe_cast/alltypes_inputrecords.jsonl"));
        }
        for (ObjectNode row : rows) {
            row.put("_airbyte_generation_id", 42);
            if (row.path("_airbyte_data").path("id1").asInt() == 3) {
                ObjectNode meta = row.putObject("_airbyte_meta");
                meta.putArray("changes")
                        .addObject()
                        .put("field", "string")
                        .put("change", "NULLED")
                        .put("reason", "SOURCE_SERIALIZATION_ERROR");
                meta.put("sync_id", 42);
            }
        }
        return rows;
    }

    private static List<ObjectNode> expected(String file) {
        return Fixtures.read("postgres-sqlgenerator/" + file);
    }

    private static void assertFinal(StreamPlan plan, List<ObjectNode> expected) throws SQLException {
        Fixtures.assertRows(Fixtures.dump(DB.connection(), plan.finalTable()), expected);
    }

    @Test
    void allTypesWithDirectCasts() throws SQLException {
        DestinationConfig config = config("alltypes_direct");
        Run run = run(dedup("alltypes_direct", allTypes(false), config), config, allTypesInput(false));
        List<ObjectNode> expected = expected("alltypes_expectedrecords_final.jsonl").stream()
                .filter(row -> row.path("id1").asInt() != 4)
                .collect(Collectors.toList());
        assertFinal(run.plan(), expected);
        assertThat(run.result())
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(4, 0, 0, 0));
    }

    @Test
    void allTypesWithSafeCasts() throws SQLException {
        DestinationConfig config = config("alltypes_safe");
        Run run = run(dedup("alltypes_safe", allTypes(false), config), config, allTypesInput(true));
        assertFinal(run.plan(), expected("alltypes_expectedrecords_final.jsonl"));
        assertThat(run.result())
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(5, 0, 10, 0));
    }

    @Test
    void allTypesWithTheSafeCastFunction() throws SQLException {
        // Postgres before 16 has no pg_input_is_valid: the PL/pgSQL function is the safe path there.
        DestinationConfig config = config("alltypes_fn");
        StreamPlan plan = prepare(dedup("alltypes_fn", allTypes(false), config), config);
        Fixtures.insertRaw(DB.connection(), plan.rawTable(), allTypesInput(true));
        TypingResult result = new TableAndTyping(config, false)
                .typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTable());
        assertFinal(plan, expected("alltypes_expectedrecords_final.jsonl"));
        assertThat(result)
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(5, 0, 10, 0));
    }

    @Test
    void allTypesInAppendMode() throws SQLException {
        DestinationConfig config = config("alltypes_append");
        Run run = run(append("alltypes_append", allTypes(false), config), config, allTypesInput(true));
        assertFinal(run.plan(), expected("alltypes_expectedrecords_final.jsonl"));
        assertThat(run.result())
                .usingRecursiveComparison()
                .ignoringFields("inserted")
                .isEqualTo(new TypingResult(5, 0, 10, 0));
    }

    @Test
    void incrementalDedupWithSafeCast() throws SQLException {
        DestinationConfig config = config("incdedup");
        Run run = run(
                dedup("incdedup", allTypes(false), config),
                config,
                concat(
                        Fixtures.read("cdk-sqlgenerator/incrementaldedup_inputrecords.jsonl"),
                        Fixtures.read("cdk-sqlgenerator/safe_cast/incrementaldedup_inputrecords.jsonl")));
        assertFinal(run.plan(), expected("incrementaldedup_expectedrecords_final.jsonl"));
        assertThat(run.result().nulled()).isEqualTo(1);
    }

    @Test
    void incrementalDedupAcrossTwoRuns() throws SQLException {
        DestinationConfig config = config("incdedup2");
        StreamPlan plan = dedup("incdedup2", allTypes(false), config);
        run(plan, config, Fixtures.read("cdk-sqlgenerator/incrementaldedup_inputrecords.jsonl"));
        Fixtures.insertRaw(
                DB.connection(),
                plan.rawTable(),
                Fixtures.read("cdk-sqlgenerator/safe_cast/incrementaldedup_inputrecords.jsonl"));
        TypingResult second = type(plan, config);
        assertThat(second.typed()).isEqualTo(1);
        assertFinal(plan, expected("incrementaldedup_expectedrecords_final.jsonl"));
    }

    @Test
    void cdcComplexUpdate() throws SQLException {
        DestinationConfig config = config("cdcupdate");
        StreamPlan plan = prepare(dedup("cdcupdate", allTypes(true), config), config);
        Fixtures.insertRaw(
                DB.connection(),
                plan.rawTable(),
                concat(
                        Fixtures.read("cdk-sqlgenerator/cdcupdate_inputrecords_raw.jsonl"),
                        Fixtures.read("cdk-sqlgenerator/safe_cast/cdcupdate_inputrecords_raw.jsonl")));
        Fixtures.insertFinal(
                DB.connection(),
                plan.finalTable(),
                Fixtures.read("cdk-sqlgenerator/cdcupdate_inputrecords_final.jsonl"));
        TypingResult result = type(plan, config);
        assertThat(DB.db().queryValue("SELECT count(*) FROM " + plan.rawTable().quoted()))
                .isEqualTo(11L);
        List<Map<String, Object>> rows = Fixtures.dump(DB.connection(), plan.finalTable());
        assertThat(rows).hasSize(6);
        Map<Object, Object> stringById =
                rows.stream().collect(Collectors.toMap(r -> ((Number) r.get("id1")).intValue(), r -> r.get("string")));
        assertThat(stringById)
                .containsEntry(0, "zombie_returned")
                .containsEntry(2, "alice2")
                .containsEntry(3, "bob")
                .containsEntry(4, "charlie")
                .containsEntry(5, "david1")
                .containsEntry(6, "should be untouched")
                .doesNotContainKey(1);
        assertThat(result.typed()).isEqualTo(7);
        assertThat(result.deleted()).isEqualTo(1);
    }

    @Test
    void cdcOrderingUpdateAfterDelete() throws SQLException {
        DestinationConfig config = config("cdc_uad");
        Run run = run(
                dedup("cdc_uad", allTypes(true), config),
                config,
                Fixtures.read("cdk-sqlgenerator/cdcordering_updateafterdelete_inputrecords.jsonl"));
        assertThat(DB.db()
                        .queryValue(
                                "SELECT count(*) FROM " + run.plan().rawTable().quoted()))
                .isEqualTo(2L);
        assertThat(Fixtures.dump(DB.connection(), run.plan().finalTable())).isEmpty();
    }

    @Test
    void cdcOrderingInsertAfterDelete() throws SQLException {
        DestinationConfig config = config("cdc_iad");
        StreamPlan plan = prepare(dedup("cdc_iad", allTypes(true), config), config);
        Fixtures.insertRaw(
                DB.connection(),
                plan.rawTable(),
                Fixtures.read("cdk-sqlgenerator/cdcordering_insertafterdelete_inputrecords_raw.jsonl"));
        Fixtures.insertFinal(
                DB.connection(),
                plan.finalTable(),
                Fixtures.read("cdk-sqlgenerator/cdcordering_insertafterdelete_inputrecords_final.jsonl"));
        type(plan, config);
        List<Map<String, Object>> rows = Fixtures.dump(DB.connection(), plan.finalTable());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("string", "alice");
    }

    @Test
    void jsonTypesInAStringColumn() throws SQLException {
        DestinationConfig config = config("jsonstring");
        Run run = run(
                dedup("jsonstring", allTypes(false), config),
                config,
                Fixtures.read("cdk-sqlgenerator/json_types_in_string_inputrecords.jsonl"));
        assertFinal(run.plan(), expected("json_types_in_string_expectedrecords_final.jsonl"));
    }

    @Test
    void timestampFormats() throws SQLException {
        DestinationConfig config = config("tsformats");
        Map<String, AirbyteType> columns = columns(
                "timestamp_with_timezone", AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                "time_with_timezone", AirbyteType.TIME_WITH_TIMEZONE,
                "timestamp_without_timezone", AirbyteType.TIMESTAMP_WITHOUT_TIMEZONE,
                "time_without_timezone", AirbyteType.TIME_WITHOUT_TIMEZONE,
                "date", AirbyteType.DATE);
        Run run = run(
                append("tsformats", columns, config),
                config,
                Fixtures.read("cdk-sqlgenerator/timestampformats_inputrecords.jsonl"));
        assertFinal(run.plan(), expected("timestampformats_expectedrecords_final.jsonl"));
    }

    @Test
    void mixedCaseColumnName() throws SQLException {
        DestinationConfig config = config("mixedcase");
        Map<String, AirbyteType> columns = columns(
                "id1", AirbyteType.INTEGER,
                "id2", AirbyteType.INTEGER,
                "updated_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                "IamACaseSensitiveColumnName", AirbyteType.STRING);
        Run run = run(
                dedup("mixedcase", columns, config),
                config,
                Fixtures.read("cdk-sqlgenerator/mixedcasecolumnname_inputrecords.jsonl"));
        assertFinal(run.plan(), expected("mixedcasecolumnname_expectedrecords_final.jsonl"));
    }

    @Test
    void reservedKeywords() throws SQLException {
        DestinationConfig config = config("reserved");
        Run run = run(
                append("reserved", columns("current_date", AirbyteType.STRING, "join", AirbyteType.STRING), config),
                config,
                Fixtures.read("cdk-sqlgenerator/reservedkeywords_inputrecords_raw.jsonl"));
        assertFinal(run.plan(), expected("reservedkeywords_expectedrecords_final.jsonl"));
    }

    @Test
    void weirdColumnNames() throws SQLException {
        DestinationConfig config = config("weird");
        Map<String, AirbyteType> columns = columns(
                "id1", AirbyteType.INTEGER,
                "id2", AirbyteType.INTEGER,
                "updated_at", AirbyteType.TIMESTAMP_WITH_TIMEZONE,
                "$starts_with_dollar_sign", AirbyteType.STRING,
                "includes\"doublequote", AirbyteType.STRING,
                "includes'singlequote", AirbyteType.STRING,
                "includes`backtick", AirbyteType.STRING,
                "includes.period", AirbyteType.STRING,
                "includes$$doubledollar", AirbyteType.STRING,
                "endswithbackslash\\", AirbyteType.STRING);
        Run run = run(
                dedup("weird", columns, config),
                config,
                Fixtures.read("cdk-sqlgenerator/weirdcolumnnames_inputrecords_raw.jsonl"));
        assertFinal(run.plan(), expected("weirdcolumnnames_expectedrecords_final.jsonl"));
    }

    @Test
    void noColumns() throws SQLException {
        DestinationConfig config = config("nocolumns");
        List<ObjectNode> input =
                Fixtures.read("cdk-sqlgenerator/alltypes_inputrecords.jsonl").subList(0, 1);
        Run run = run(append("nocolumns", Map.of(), config), config, input);
        assertFinal(run.plan(), expected("nocolumns_expectedrecords_final.jsonl"));
        Set<String> columns = DB.db()
                .query("SELECT * FROM " + run.plan().finalTable().quoted())
                .get(0)
                .keySet();
        assertThat(columns)
                .containsExactly("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id");
    }
}
