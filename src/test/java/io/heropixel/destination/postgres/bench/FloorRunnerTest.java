package io.heropixel.destination.postgres.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestingPostgres.class)
class FloorRunnerTest {
    @TempDir
    Path workDir;

    @Test
    void dedupKeepsTheLatestRowPerKeyWithTypedValues(TestDatabase db) throws Exception {
        StreamSpec stream = StreamSpec.of("narrow", Shape.NARROW, Mode.DEDUP, 2_000);
        FloorRunner.Result result = new FloorRunner(42, workDir).load(target(db), List.of(stream));

        assertThat(result.copySeconds()).isPositive();
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.raw_narrow")).isEqualTo(2_000L);
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.narrow")).isEqualTo(1_800L);
        // record 9 updates key 2 with a later cursor
        Map<String, Object> row =
                db.query("SELECT * FROM bench_floor.narrow WHERE id = 2").get(0);
        assertThat(row.get("updated_at").toString()).startsWith("2024-01-01 00:00:09");
        assertThat(row.get("amount")).isInstanceOf(BigDecimal.class);
        assertThat(row.get("is_active")).isInstanceOf(Boolean.class);
        assertThat(db.queryValue("SELECT count(*) FROM pg_indexes WHERE tablename = 'narrow'"))
                .isEqualTo(1L);
    }

    @Test
    void theTypedFloorCopiesTypedRowsAndKeepsTheLatestPerKey(TestDatabase db) throws Exception {
        List<StreamSpec> streams = List.of(
                StreamSpec.of("d", Shape.NARROW, Mode.DEDUP, 2_000).withOrdinal(0),
                StreamSpec.of("a", Shape.NARROW, Mode.APPEND, 500).withOrdinal(1));
        FloorRunner.Result result = new FloorRunner(42, workDir).loadTyped(target(db), streams);

        assertThat(result.copySeconds()).isPositive();
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.staging_d")).isEqualTo(2_000L);
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.d")).isEqualTo(1_800L);
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.a")).isEqualTo(500L);
        assertThat(db.queryValue("SELECT to_regclass('bench_floor.raw_d')")).isNull();
        Map<String, Object> row =
                db.query("SELECT * FROM bench_floor.d WHERE id = 2").get(0);
        assertThat(row.get("updated_at").toString()).startsWith("2024-01-01 00:00:09");
    }

    @Test
    void appendTypesEveryRowOfEveryShape(TestDatabase db) throws Exception {
        List<StreamSpec> streams = List.of(
                StreamSpec.of("n", Shape.NARROW, Mode.APPEND, 300).withOrdinal(0),
                StreamSpec.of("w", Shape.WIDE, Mode.APPEND, 300).withOrdinal(1),
                StreamSpec.of("x", Shape.NESTED, Mode.APPEND, 300).withOrdinal(2));
        new FloorRunner(1, workDir).load(target(db), streams);

        for (String table : List.of("n", "w", "x")) {
            assertThat(db.queryValue("SELECT count(*) FROM bench_floor." + table))
                    .isEqualTo(300L);
        }
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.x WHERE jsonb_typeof(items) = 'array'"))
                .isEqualTo(300L);
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.w WHERE c_097 IS NULL"))
                .isEqualTo(0L);
    }

    @Test
    void aMergeReplacesTheChangedKeysOnly(TestDatabase db) throws Exception {
        StreamSpec base = StreamSpec.of("narrow", Shape.NARROW, Mode.DEDUP, 3_000);
        FloorRunner runner = new FloorRunner(42, workDir);
        runner.load(target(db), List.of(base));
        runner.merge(target(db), base.withChanges(3_000, 50));

        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.narrow")).isEqualTo(2_700L);
        assertThat(db.queryValue("SELECT count(*) FROM bench_floor.narrow"
                        + " WHERE updated_at >= timestamptz '2024-01-01 00:50:00+00'"))
                .isEqualTo(50L);
    }

    @Test
    void rawRowsEscapeBackslashesForCopy() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] json = "{\"a\":\"x\\\\y\\n\",\"t\":\"\t\"}".getBytes(StandardCharsets.UTF_8);
        RawRowRenderer.escaped(out, json, json.length);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"x\\\\\\\\y\\\\n\",\"t\":\"\\t\"}");
    }

    private static Target target(TestDatabase db) throws SQLException {
        return new Target(db.host(), db.port(), db.database(), db.user(), db.password());
    }
}
