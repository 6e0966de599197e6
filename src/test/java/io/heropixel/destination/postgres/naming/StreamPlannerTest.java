package io.heropixel.destination.postgres.naming;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamPlannerTest {

    private static ConfiguredStream stream(String namespace, String name, Map<String, AirbyteType> columns) {
        return new ConfiguredStream(
                new StreamDescriptor(namespace, name),
                DestinationSyncMode.APPEND,
                List.of(),
                Optional.empty(),
                0,
                0,
                0,
                columns);
    }

    private static StreamPlan planOne(String namespace, String name) {
        return StreamPlanner.plan(
                        List.of(stream(namespace, name, Map.of())), TestingConfigs.config("public", "airbyte_internal"))
                .get(0);
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void normalisesLikeTheIncumbent() {
        assertThat(Names.normalise("Café Straße")).isEqualTo("Cafe_Stra_e");
        assertThat(Names.normalise("名前")).isEqualTo("__");
        assertThat(Names.normalise("$starts")).isEqualTo("_starts");
        assertThat(Names.normalise("UPPER.case-Name")).isEqualTo("UPPER_case_Name");
        assertThat(Names.normalise("ﬁ ligature")).isEqualTo("fi_ligature");
        assertThat(Names.normalise("a \t\n b")).isEqualTo("a_b");
        assertThat(Names.normalise("includes\"doublequote")).isEqualTo("includes_doublequote");
        assertThat(Names.normalise("endswithbackslash\\")).isEqualTo("endswithbackslash_");
    }

    @Test
    void finalNamesKeepCaseAndDefaultSchemaIsUsedWithoutNamespace() {
        StreamPlan plan = planOne(null, "My Users");
        assertThat(plan.finalTable()).isEqualTo(QualifiedName.of("public", "My_Users"));
        assertThat(plan.finalTempTable()).isEqualTo(QualifiedName.of("public", "My_Users_airbyte_tmp"));
        assertThat(plan.rawTable()).isEqualTo(QualifiedName.of("airbyte_internal", "public_raw__stream_my_users"));
        assertThat(plan.rawTempTable())
                .isEqualTo(QualifiedName.of("airbyte_internal", "public_raw__stream_my_users_airbyte_tmp"));
        assertThat(planOne("Café Straße", "x").finalTable().schema().name()).isEqualTo("Cafe_Stra_e");
    }

    @Test
    void rawNamesUseOneMoreUnderscoreThanTheLongestRun() {
        assertThat(planOne("public", "users").rawTable().table().name()).isEqualTo("public_raw__stream_users");
        assertThat(planOne("public__ab", "abab_users").rawTable().table().name())
                .isEqualTo("public__ab_raw___stream_abab_users");
        assertThat(planOne("my_schema", "a___b").rawTable().table().name()).isEqualTo("my_schema_raw____stream_a___b");
        assertThat(planOne("public", "id_and_name").rawTable().table().name())
                .isEqualTo("public_raw__stream_id_and_name");
    }

    @Test
    void rawSchemaIsNormalisedAndLowerCased() {
        StreamPlan plan = StreamPlanner.plan(
                        List.of(stream(null, "s", Map.of())), TestingConfigs.config("public", "My Raw"))
                .get(0);
        assertThat(plan.rawTable().schema().name()).isEqualTo("my_raw");
    }

    @Test
    void everyNameFitsIn63BytesAndTempNamesDifferFromRealNames() {
        String longName = "é".repeat(40) + "名".repeat(40);
        StreamPlan plan = planOne("名".repeat(70), longName);
        for (QualifiedName name :
                List.of(plan.finalTable(), plan.finalTempTable(), plan.rawTable(), plan.rawTempTable())) {
            assertThat(bytes(name.table().name())).isLessThanOrEqualTo(63);
            assertThat(bytes(name.schema().name())).isLessThanOrEqualTo(63);
        }
        assertThat(plan.finalTable().table().name()).startsWith("eeee").hasSize(63);
        assertThat(plan.finalTempTable()).isNotEqualTo(plan.finalTable());
        assertThat(plan.finalTempTable().table().name()).endsWith("_airbyte_tmp");
        assertThat(plan.rawTempTable()).isNotEqualTo(plan.rawTable());
        Identifier index = StreamPlanner.indexName(plan.finalTable(), "extracted_at");
        assertThat(bytes(index.name())).isLessThanOrEqualTo(63);
        assertThat(index.name()).endsWith("_extracted_at");
        assertThat(StreamPlanner.indexName(plan.finalTable(), "extracted_at")).isEqualTo(index);
    }

    @Test
    void longNamesThatShareA63BytePrefixStayDistinct() {
        String prefix = "a".repeat(70);
        List<StreamPlan> plans = StreamPlanner.plan(
                List.of(stream("ns", prefix + "_one", Map.of()), stream("ns", prefix + "_two", Map.of())),
                TestingConfigs.config("public", "airbyte_internal"));
        assertThat(plans.get(0).finalTable()).isNotEqualTo(plans.get(1).finalTable());
        assertThat(plans.get(0).rawTable()).isNotEqualTo(plans.get(1).rawTable());
        assertThat(plans.get(0).finalTempTable()).isNotEqualTo(plans.get(1).finalTempTable());
    }

    @Test
    void streamCollisionsGetAStableSuffixWhateverTheCatalogOrder() {
        ConfiguredStream a = stream("ns", "a-b", Map.of());
        ConfiguredStream b = stream("ns", "a_b", Map.of());
        ConfiguredStream upper = stream("ns", "A_B", Map.of());
        List<StreamPlan> first = StreamPlanner.plan(List.of(a, b, upper), TestingConfigs.config("public", "raw"));
        List<StreamPlan> second = StreamPlanner.plan(List.of(upper, b, a), TestingConfigs.config("public", "raw"));
        Set<QualifiedName> finals = new HashSet<>();
        Set<QualifiedName> raws = new HashSet<>();
        for (StreamPlan plan : first) {
            finals.add(plan.finalTable());
            raws.add(plan.rawTable());
        }
        assertThat(finals).hasSize(3);
        assertThat(raws).hasSize(3);
        // the same stream gets the same names in both orders
        assertThat(second.get(2).finalTable()).isEqualTo(first.get(0).finalTable());
        assertThat(second.get(1).rawTable()).isEqualTo(first.get(1).rawTable());
        assertThat(second.get(0).finalTable()).isEqualTo(first.get(2).finalTable());
        // the upper-case stream keeps its final name (no final collision) but its raw name collides
        assertThat(first.get(2).finalTable().table().name()).isEqualTo("A_B");
        assertThat(first.get(0).finalTable().table().name()).matches("a_b_[0-9a-f]{3}");
    }

    @Test
    void aStreamNamedLikeAnInternalTableOrIndexGetsTheSuffix() {
        List<StreamPlan> plans = StreamPlanner.plan(
                List.of(
                        stream("ns", "users_airbyte_tmp", Map.of()),
                        stream("ns", "users_airbyte_typed", Map.of()),
                        stream("ns", "users", Map.of()),
                        stream("ns", "users_pk", Map.of())),
                TestingConfigs.config("public", "raw"));
        assertThat(plans.get(0).finalTable().table().name()).matches("users_airbyte_tmp_[0-9a-f]{3}");
        assertThat(plans.get(0).rawTable().table().name()).matches("ns_raw__stream_users_airbyte_tmp_[0-9a-f]{3}");
        assertThat(plans.get(1).rawTable().table().name()).matches("ns_raw__stream_users_airbyte_typed_[0-9a-f]{3}");
        assertThat(plans.get(2).finalTable().table().name()).isEqualTo("users");
        // "users_pk" is the name of the index on users' primary key
        assertThat(plans.get(3).finalTable().table().name()).matches("users_pk_[0-9a-f]{3}");
    }

    @Test
    void aRegisteredStreamKeepsItsTablesWhenANewcomerSortsBeforeIt() {
        var config = TestingConfigs.config("public", "raw");
        ConfiguredStream lower = stream("ns", "users", Map.of());
        ConfiguredStream upper = stream("ns", "Users", Map.of());
        StreamTables registered =
                new StreamTables(QualifiedName.of("ns", "users"), QualifiedName.of("raw", "ns_raw__stream_users"));

        TableAssigner.Assignment assignment = TableAssigner.assign(
                List.of(upper, lower), config, Map.of(new StreamKey("ns", "users"), registered), Set.of(), Set.of());

        assertThat(assignment.tables().get(lower)).isEqualTo(registered);
        assertThat(assignment.tables().get(upper).rawTable().table().name())
                .matches("ns_raw__stream_users_[0-9a-f]{3}");
        assertThat(assignment.added()).containsOnlyKeys(new StreamKey("ns", "Users"));
        // the earlier naming gave the newcomer the incumbent's raw table
        assertThat(TableAssigner.legacyTables(List.of(upper, lower), config)
                        .get(upper)
                        .rawTable())
                .isEqualTo(registered.rawTable());
    }

    @Test
    void registryRowsThatShareATableAreAConfigErrorNamingBothStreams() {
        StreamTables shared =
                new StreamTables(QualifiedName.of("ns", "a"), QualifiedName.of("raw", "ns_raw__stream_a"));
        StreamTables other = new StreamTables(QualifiedName.of("ns", "b"), QualifiedName.of("raw", "ns_raw__stream_a"));
        Map<StreamKey, StreamTables> registered = new LinkedHashMap<>();
        registered.put(new StreamKey("ns", "a"), shared);
        registered.put(new StreamKey("ns", "b"), other);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TableAssigner.assign(
                        List.of(stream("ns", "b", Map.of())),
                        TestingConfigs.config("public", "raw"),
                        registered,
                        Set.of(),
                        Set.of()))
                .isInstanceOf(io.heropixel.destination.postgres.error.ConfigException.class)
                .hasMessageContaining("ns.a")
                .hasMessageContaining("ns.b")
                .hasMessageContaining("_heropixel_stream_tables");
    }

    @Test
    void columnCollisionsAreCaseSensitiveAndSuffixed() {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        columns.put("Name", AirbyteType.STRING);
        columns.put("name", AirbyteType.STRING);
        columns.put("na-me", AirbyteType.STRING);
        columns.put("na.me", AirbyteType.INTEGER);
        List<ColumnPlan> plan = StreamPlanner.plan(
                        List.of(stream("ns", "s", columns)), TestingConfigs.config("public", "raw"))
                .get(0)
                .columns();
        assertThat(plan).extracting(c -> c.column().name()).containsExactly("Name", "name", "na_me", "na_me_1");
        assertThat(plan.get(3).originalName()).isEqualTo("na.me");
        assertThat(plan.get(3).type()).isEqualTo(AirbyteType.INTEGER);
    }

    @Test
    void metaColumnNamesAreRenamedAndKeepTheirOriginalName() {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        columns.put("_airbyte_raw_id", AirbyteType.STRING);
        columns.put("_airbyte_meta", AirbyteType.UNKNOWN);
        columns.put("_airbyte_raw_id_1", AirbyteType.STRING);
        List<ColumnPlan> plan = StreamPlanner.plan(
                        List.of(stream("ns", "s", columns)), TestingConfigs.config("public", "raw"))
                .get(0)
                .columns();
        assertThat(plan)
                .extracting(c -> c.column().name())
                .containsExactly("_airbyte_raw_id_1", "_airbyte_meta_1", "_airbyte_raw_id_1_1");
        assertThat(plan.get(0).originalName()).isEqualTo("_airbyte_raw_id");
    }

    @Test
    void longColumnNamesFitAndStayDistinct() {
        Map<String, AirbyteType> columns = new LinkedHashMap<>();
        String prefix = "ü".repeat(70);
        columns.put(prefix + "1", AirbyteType.STRING);
        columns.put(prefix + "2", AirbyteType.STRING);
        columns.put(prefix + "3", AirbyteType.STRING);
        List<ColumnPlan> plan = StreamPlanner.plan(
                        List.of(stream("ns", "s", columns)), TestingConfigs.config("public", "raw"))
                .get(0)
                .columns();
        List<String> names = new ArrayList<>();
        for (ColumnPlan column : plan) {
            assertThat(bytes(column.column().name())).isLessThanOrEqualTo(63);
            names.add(column.column().name());
        }
        assertThat(new HashSet<>(names)).hasSize(3);
        // deterministic
        assertThat(StreamPlanner.plan(List.of(stream("ns", "s", columns)), TestingConfigs.config("public", "raw"))
                        .get(0)
                        .columns())
                .isEqualTo(plan);
    }

    @Test
    void aPrimaryKeyOutsideTheSchemaIsAConfigError() {
        ConfiguredStream stream = new ConfiguredStream(
                new StreamDescriptor("ns", "s"),
                DestinationSyncMode.APPEND_DEDUP,
                List.of("missing"),
                Optional.empty(),
                0,
                0,
                0,
                Map.of("id", AirbyteType.INTEGER));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StreamPlanner.plan(List.of(stream), TestingConfigs.config("public", "raw")))
                .isInstanceOf(io.heropixel.destination.postgres.error.ConfigException.class)
                .hasMessageContaining("missing");
    }
}
