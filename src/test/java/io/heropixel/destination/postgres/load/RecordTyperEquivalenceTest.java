package io.heropixel.destination.postgres.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.DestinationSyncMode;
import io.heropixel.destination.postgres.catalog.StreamDescriptor;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.protocol.InputMessage;
import io.heropixel.destination.postgres.table.CatalogSql;
import io.heropixel.destination.postgres.table.ColumnTypes;
import io.heropixel.destination.postgres.table.RawTableSql;
import io.heropixel.destination.postgres.table.TypedColumn;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import io.heropixel.destination.postgres.typing.TableAndTyping;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * The JVM typing gives, for every record it accepts, exactly the final row of the SQL typing: the same
 * records are loaded into raw rows and typed by {@link TypingDeduper} into table B, and typed by {@link
 * RecordTyper} into table A; every accepted record's row in A must equal its row in B, column by column.
 */
@ExtendWith(TestingPostgres.class)
class RecordTyperEquivalenceTest {
    private static final long SYNC_ID = 42;
    private static final long GENERATION_ID = 3;
    /** emitted_at bases (epoch milliseconds), from year 1 to year 9999. */
    private static final long[] EMITTED_AT = {
        1_674_477_296_123L, 0, -86_400_000L, -62_135_596_800_000L, 253_402_300_700_000L
    };

    /** Records in the forms most sources send: the JVM must type them. */
    private static final List<String> COMMON_FORMS = List.of(
            "{\"s\":\"hello\"}",
            "{\"s\":42}",
            "{\"i\":42}",
            "{\"i\":\"42\"}",
            "{\"n\":1.50}",
            "{\"n\":\"3.5\"}",
            "{\"b\":true}",
            "{\"d\":\"2023-01-23\"}",
            "{\"t\":\"12:34:56\"}",
            "{\"ttz\":\"12:34:56+05:30\"}",
            "{\"ts\":\"2023-01-23T12:34:56\"}",
            "{\"tstz\":\"2023-01-23T12:34:56Z\"}",
            "{\"tstz\":\"2023-01-23T12:34:56.123456Z\"}",
            "{\"tstz\":\"2023-01-23T12:34:56-08:00\"}",
            "{\"o\":{\"b\":{\"c\":[1,2,{\"d\":null}]},\"a\":\"x\"}}",
            "{\"a\":[1,\"two\",null,{\"a\":[]}]}",
            "{\"u\":{\"a\":[1,{\"b\":null}]}}",
            "{\"i\":true}",
            "{}",
            "{\"\\u0069\":5,\"\\u0073\":\"escaped keys\"}",
            // decided in the JVM: exact integers in any notation, non-ISO dates and times NULLed
            "{\"i\":\"2E1\"}",
            "{\"i\":2e1}",
            "{\"i\":\"1.5e1\"}",
            "{\"i\":\"1e-1\"}",
            "{\"i\":\"abc\"}",
            "{\"d\":\"now\"}",
            "{\"d\":\"10000-01-01\"}",
            "{\"tstz\":\"10000-01-01T00:00:00Z\"}",
            "{\"tstz\":\"infinity\"}",
            "{\"ts\":\"Jan 1 2020 10:00\"}",
            "{\"t\":\"allballs\"}",
            "{\"ttz\":\"now\"}");

    /** Records the JVM must leave to SQL. */
    private static final List<String> MUST_REFUSE = List.of(
            "{\"i\":1,\"i\":2}",
            "{\"i\":1,\"\\u0069\":2}",
            "{\"s\":\"nul \\u0000 here\"}",
            "{\"s\":\"ok\",\"other\":\"nul \\u0000\"}",
            "{\"s\":-0}",
            "{\"n\":1e10}",
            "{\"tstz\":\"2023-01-23T12:34:56.1234567Z\"}");

    /** Records whose one value is NULL with a change on both paths (the rows must be equal too). */
    private static final List<String> MUST_NULL = List.of(
            "{\"i\":\"1e-1\"}",
            "{\"i\":\"abc\"}",
            "{\"i\":\"0x10\"}",
            "{\"i\":\"1_000\"}",
            "{\"d\":\"now\"}",
            "{\"d\":\"10000-01-01\"}",
            "{\"d\":\"Jan 1 2020\"}",
            "{\"ts\":\"20230123 123456\"}",
            "{\"tstz\":\"10000-01-01T00:00:00Z\"}",
            "{\"tstz\":\"infinity\"}",
            "{\"ts\":\"Jan 1 2020 10:00\"}",
            "{\"ts\":\"2023-01-23 allballs\"}",
            "{\"t\":\"allballs\"}",
            "{\"ttz\":\"now\"}");

    /** One record: its data object, the line, and what the typer did with it. */
    private record Sample(String data, String meta, InputMessage.Record record, String rawId, boolean accepted) {}

    @Test
    void acceptedRecordsGetExactlyTheRowsOfTheSqlTyping(TestDatabase db) throws Exception {
        DestinationConfig config = TestingConfigs.config("public", "typer_raw");
        StreamPlan plan = plan(config);
        try (Connection c = db.connect()) {
            TableAndTyping deduper = new TableAndTyping(config);
            deduper.prepareRawTable(c, plan, plan.rawTable());
            deduper.prepareFinalTable(c, plan, plan.finalTable());
            Identifiers ids = new Identifiers(plan);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE " + plan.finalTable().quoted() + " ALTER COLUMN " + ids.column("s_text")
                        + " TYPE text");
                s.execute("CREATE TABLE jvm_typed (LIKE " + plan.finalTable().quoted() + ")");
            }
            List<TypedColumn> columns = typedColumns(c, plan);
            RecordTyper probe =
                    RecordTyper.forColumns(columns, SYNC_ID, GENERATION_ID).orElseThrow();
            List<String[]> corpus = new RecordTyperCorpusBuilder(probe, new Random(20260124)).build();

            RecordTyper typer =
                    RecordTyper.forColumns(columns, SYNC_ID, GENERATION_ID).orElseThrow();
            BinaryCopy copy = new BinaryCopy();
            List<Sample> samples = typeAll(typer, corpus, copy);
            copyRaw(c, plan, samples);
            deduper.typeAndDedupe(c, plan, plan.rawTable(), plan.finalTable());
            copy.copyInto(c, "jvm_typed");

            Map<String, String[]> sql = rowsByRawId(c, plan.finalTable().quoted());
            Map<String, String[]> jvm = rowsByRawId(c, "jvm_typed");
            long accepted = samples.stream().filter(Sample::accepted).count();
            assertThat(sql).hasSize(samples.size());
            assertThat(jvm).hasSize((int) accepted);
            List<String> differences = new ArrayList<>();
            for (Sample sample : samples) {
                if (sample.accepted() && !Arrays.equals(jvm.get(sample.rawId()), sql.get(sample.rawId()))) {
                    differences.add(sample.data() + "\n  sql: " + Arrays.toString(sql.get(sample.rawId())) + "\n  jvm: "
                            + Arrays.toString(jvm.get(sample.rawId())));
                }
            }
            assertThat(differences).isEmpty();
            assertThat(accepted).isGreaterThan(samples.size() * 2L / 3);
            assertThat(samples)
                    .filteredOn(sample -> COMMON_FORMS.contains(sample.data()))
                    .allMatch(Sample::accepted)
                    .extracting(Sample::data)
                    .containsAll(COMMON_FORMS);
            assertThat(samples)
                    .filteredOn(sample -> MUST_REFUSE.contains(sample.data()))
                    .noneMatch(Sample::accepted)
                    .extracting(Sample::data)
                    .containsAll(MUST_REFUSE);
            assertThat(samples)
                    .filteredOn(sample -> sample.meta() != null)
                    .extracting(sample -> sample.meta().contains("SOURCE"), Sample::accepted)
                    .containsExactlyInAnyOrder(tuple(false, true), tuple(false, true), tuple(true, false));
            for (Sample sample : samples) {
                if (MUST_NULL.contains(sample.data())) {
                    assertThat(queryLong(
                                    c,
                                    "SELECT jsonb_array_length(_airbyte_meta -> 'changes') FROM "
                                            + plan.finalTable().quoted() + " WHERE _airbyte_raw_id = '" + sample.rawId()
                                            + "'"))
                            .as(sample.data())
                            .isEqualTo(1);
                }
            }
            assertThat(typer.valuesNulled()).isEqualTo(nulledInJvmTable(c)).isPositive();
            assertThat(queryLong(c, "SELECT max(jsonb_array_length(_airbyte_meta -> 'changes')) FROM jvm_typed"))
                    .isGreaterThanOrEqualTo(3);
        }
    }

    private static StreamPlan plan(DestinationConfig config) {
        ConfiguredStream stream = new ConfiguredStream(
                new StreamDescriptor("typer", "values"),
                DestinationSyncMode.APPEND,
                List.of(),
                Optional.empty(),
                GENERATION_ID,
                0,
                SYNC_ID,
                TypingCorpus.columns());
        return StreamPlanner.plan(List.of(stream), config).get(0);
    }

    /** The final table's columns as TableInspector reports them. */
    private static List<TypedColumn> typedColumns(Connection c, StreamPlan plan) throws Exception {
        Map<String, String> sqlTypes = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CatalogSql.columnTypes())) {
            ps.setString(1, plan.finalTable().schema().name());
            ps.setString(2, plan.finalTable().table().name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sqlTypes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<TypedColumn> columns = new ArrayList<>();
        for (ColumnPlan column : plan.columns()) {
            String sqlType = sqlTypes.get(column.column().name());
            columns.add(new TypedColumn(column, ColumnTypes.extraction(column.type(), sqlType), sqlType));
        }
        return columns;
    }

    /** Types every record; the accepted ones' tuples go to {@code copy}. */
    private static List<Sample> typeAll(RecordTyper typer, List<String[]> dataAndMeta, BinaryCopy copy)
            throws Exception {
        List<Sample> samples = new ArrayList<>();
        BinaryRow row = new BinaryRow();
        for (int n = 0; n < dataAndMeta.size(); n++) {
            String data = dataAndMeta.get(n)[0];
            String meta = dataAndMeta.get(n)[1];
            InputMessage.Record record = RecordTyperCorpusBuilder.record(n + 1, data, meta, EMITTED_AT[n % 5] + n);
            String rawId = String.format("00000000-0000-4000-8000-%012d", n);
            boolean accepted = typer.type(record, ascii(rawId), row);
            if (accepted) {
                copy.add(row);
            }
            samples.add(new Sample(data, meta, record, rawId, accepted));
        }
        return samples;
    }

    /** The raw rows exactly as the loader writes them ({@link RawRowEncoder}), with the samples' ids. */
    private static void copyRaw(Connection c, StreamPlan plan, List<Sample> samples) throws Exception {
        RawRowEncoder encoder = new RawRowEncoder(SYNC_ID, GENERATION_ID);
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        for (Sample sample : samples) {
            one.reset();
            encoder.write(sample.record(), one);
            byte[] encoded = one.toByteArray();
            rows.writeBytes(ascii(sample.rawId()));
            rows.write(encoded, 36, encoded.length - 36);
        }
        c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn(RawTableSql.copy(plan.rawTable()), new ByteArrayInputStream(rows.toByteArray()));
    }

    /** Every row's columns as text (timestamps in UTC), by raw id. */
    private static Map<String, String[]> rowsByRawId(Connection c, String table) throws Exception {
        Map<String, String[]> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                int count = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] values = new String[count];
                    for (int i = 1; i <= count; i++) {
                        values[i - 1] = rs.getString(i);
                    }
                    rows.put(rs.getString("_airbyte_raw_id"), values);
                }
            }
        }
        return rows;
    }

    private static long nulledInJvmTable(Connection c) throws Exception {
        return queryLong(
                c,
                "SELECT count(*) FROM jvm_typed, jsonb_array_elements(_airbyte_meta -> 'changes') AS e"
                        + " WHERE e ->> 'reason' = 'DESTINATION_TYPECAST_ERROR'");
    }

    private static long queryLong(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Quoted column names by original property name. */
    private record Identifiers(StreamPlan plan) {
        String column(String originalName) {
            return plan.columns().stream()
                    .filter(c -> c.originalName().equals(originalName))
                    .findFirst()
                    .orElseThrow()
                    .column()
                    .quoted();
        }
    }
}
