package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Date/time and integer edge values through {@code write} (docs/type-mapping.md): only ISO 8601 forms
 * are dates and times (Postgres' special words, free text and years outside 0001..9999 are NULL with a
 * change), and an integer in any decimal notation loads into {@code bigint} when it is exact. Every value
 * is written twice: alone, typed in the JVM while loading, and beside a value the JVM leaves to SQL
 * ({@code "force": 1e5} into a string column), so the SQL typing types the whole record; both rows must
 * be as expected.
 */
@ExtendWith(TestingPostgres.class)
class ValueFormsWriteTest {
    /** Added to a case's id for its copy typed by SQL. */
    private static final int SQL_COPY = 1000;

    /**
     * One value of one column: its expected text in the final table ({@code column::text}), or null for
     * NULL with a {@code NULLED} change; {@code jvm}: the JVM decides it (else it leaves it to SQL).
     */
    private record Case(String column, String json, String expected, boolean jvm) {}

    private static Case kept(String column, String json, String expected, boolean jvm) {
        return new Case(column, json, expected, jvm);
    }

    private static Case nulled(String column, String json, boolean jvm) {
        return new Case(column, json, null, jvm);
    }

    /** Values whose SQL typing needs no safe cast: every bad one is refused before its cast. */
    private static final List<Case> CLEAN = List.of(
            // Postgres' special words, in any case and with spaces, and free text: NULL
            nulled("d", "\"now\"", true),
            nulled("d", "\"today\"", true),
            nulled("d", "\" Tomorrow \"", true),
            nulled("d", "\"yesterday\"", true),
            nulled("d", "\"epoch\"", true),
            nulled("d", "\"infinity\"", true),
            nulled("d", "\"-infinity\"", true),
            nulled("d", "\"Jan 1 2020\"", true),
            nulled("d", "\"10000-01-01\"", true),
            nulled("d", "\"2023-01-23 BC\"", true),
            nulled("ts", "\"NOW\"", true),
            nulled("ts", "\"Infinity\"", true),
            nulled("ts", "\"10000-01-01T00:00:00Z\"", true),
            nulled("ts", "\"+12022-07-21T00:00:00Z\"", true),
            nulled("ts", "\"2023-01-23 allballs\"", true),
            nulled("ts", "\"January 2, 2024 10:00 UTC\"", true),
            nulled("tl", "\"epoch\"", true),
            nulled("tl", "\"tomorrow\"", true),
            nulled("tl", "\"10000-01-01T00:00:00\"", true),
            nulled("t", "\"allballs\"", true),
            nulled("t", "\"now\"", true),
            nulled("t", "\"2023-023\"", true),
            nulled("ttz", "\"allballs\"", true),
            nulled("ttz", "\"NOW\"", true),
            // ISO 8601 forms: kept as today
            kept("d", "\"2023-01-23\"", "2023-01-23", true),
            kept("d", "\"0001-01-01\"", "0001-01-01", true),
            kept("d", "\"9999-12-31\"", "9999-12-31", true),
            kept("d", "\"2023-01-23T23:30:00-05:00\"", "2023-01-23", false),
            kept("d", "\"20230123\"", "2023-01-23", false),
            nulled("ts", "\"20230123 123456\"", true),
            kept("ts", "\"20230123T123456.5+0530\"", "2023-01-23 07:04:56.5+00", false),
            kept("ts", "\"2023-01-23t12:34z\"", "2023-01-23 12:34:00+00", false),
            kept("ts", "\"2023-01-23\"", "2023-01-23 00:00:00+00", false),
            kept("ts", "\"2023-01-23 12:34:56.5+05:30\"", "2023-01-23 07:04:56.5+00", true),
            kept("ts", "\"2023-01-23T12:34:56.1234567Z\"", "2023-01-23 12:34:56.123457+00", false),
            kept("ts", "\"9999-12-31T23:59:59Z\"", "9999-12-31 23:59:59+00", true),
            kept("tl", "\"2023-01-23T12:34:56+05\"", "2023-01-23 12:34:56", true),
            kept("t", "\"24:00\"", "24:00:00", false),
            kept("t", "\"12:34:56\"", "12:34:56", true),
            kept("ttz", "\"12:34+05\"", "12:34:00+05", false),
            // integers in any decimal notation
            kept("i", "\"2E1\"", "20", true),
            kept("i", "2e1", "20", true),
            kept("i", "\"1e2\"", "100", true),
            kept("i", "\"20.0\"", "20", true),
            kept("i", "\"-1.5E+1\"", "-15", true),
            kept("i", "\" 2E1 \"", "20", false),
            kept("i", "\"9.223372036854775807e18\"", "9223372036854775807", true),
            nulled("i", "\"2.5\"", true),
            nulled("i", "\"1e-1\"", true),
            nulled("i", "\"0x10\"", true),
            nulled("i", "\"1_000\"", true),
            nulled("i", "\"NaN\"", true),
            nulled("i", "\"abc\"", true),
            // numeric columns already took every notation
            kept("n", "\"2E1\"", "20", false),
            kept("n", "2e1", "20", false));

    /** Values that fail a plain cast: typing runs again with safe casts. */
    private static final List<Case> FAILING_CASTS = List.of(
            nulled("d", "\"0000-01-01\"", false),
            nulled("d", "\"2023-02-30\"", false),
            nulled("ts", "\"0000-12-31T23:59:59Z\"", false),
            nulled("i", "\"1e19\"", true),
            nulled("i", "\"9.223372036854775808E18\"", true),
            nulled("i", "\"9223372036854775808\"", true));

    private static ObjectNode stream(String mode) {
        ObjectNode stream = WriteHarness.stream("ns", "f", mode, 1, 0);
        ObjectNode properties =
                (ObjectNode) stream.path("stream").path("json_schema").path("properties");
        properties.putObject("d").put("type", "string").put("format", "date");
        properties.putObject("ts").put("type", "string").put("format", "date-time");
        properties
                .putObject("tl")
                .put("type", "string")
                .put("format", "date-time")
                .put("airbyte_type", "timestamp_without_timezone");
        properties
                .putObject("t")
                .put("type", "string")
                .put("format", "time")
                .put("airbyte_type", "time_without_timezone");
        properties
                .putObject("ttz")
                .put("type", "string")
                .put("format", "time")
                .put("airbyte_type", "time_with_timezone");
        properties.putObject("i").put("type", "integer");
        properties.putObject("n").put("type", "number");
        properties.putObject("v").put("type", "integer");
        properties.putObject("force").put("type", "string");
        stream.put("sync_mode", "incremental");
        if (mode.equals("append_dedup")) {
            stream.putArray("primary_key").addArray().add("id");
            stream.putArray("cursor_field").add("v");
        }
        return stream;
    }

    private static ConnectorRun write(TestDatabase db, String mode, List<String> data) {
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < data.size(); n++) {
            lines.add(record("ns", "f", data.get(n), 1_700_000_000_000L + n));
        }
        ConnectorRun run = ConnectorRun.inProcessWrite(
                db.config(), WriteHarness.catalog(stream(mode)), String.join("\n", lines) + "\n");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    /** Each case twice: id n typed in the JVM (when it can), id n + 1000 forced to SQL. */
    private static ConnectorRun writeCases(TestDatabase db, List<Case> cases) {
        List<String> data = new ArrayList<>();
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            data.add("{\"id\":" + n + ",\"" + c.column() + "\":" + c.json() + "}");
            data.add("{\"id\":" + (n + SQL_COPY) + ",\"" + c.column() + "\":" + c.json() + ",\"force\":1e5}");
        }
        return write(db, "append", data);
    }

    private static void assertCases(TestDatabase db, ConnectorRun run, List<Case> cases) {
        long jvm = cases.stream().filter(Case::jvm).count();
        assertThat(summary(run)).contains("typed " + cases.size() * 2 + " (" + jvm + " while loading,");
        for (int n = 0; n < cases.size(); n++) {
            Case c = cases.get(n);
            for (int id : new int[] {n, n + SQL_COPY}) {
                String where = " FROM ns.f WHERE id = " + id;
                String what = c.column() + " = " + c.json() + " (id " + id + ")";
                assertThat(db.queryValue("SELECT " + c.column() + "::text" + where))
                        .as(what)
                        .isEqualTo(c.expected());
                String changes = (String) db.queryValue("SELECT (_airbyte_meta -> 'changes')::text" + where);
                assertThat(changes)
                        .as(what)
                        .isEqualTo(
                                c.expected() != null
                                        ? "[]"
                                        : "[{\"field\": \"" + c.column() + "\", \"change\": \"NULLED\", \"reason\":"
                                                + " \"DESTINATION_TYPECAST_ERROR\"}]");
            }
        }
    }

    @Test
    void onlyIsoDatesAndExactIntegersLoadOnBothTypingPathsWithPlainCasts(TestDatabase db) {
        ConnectorRun run = writeCases(db, CLEAN);

        assertCases(db, run, CLEAN);
    }

    @Test
    void onlyIsoDatesAndExactIntegersLoadOnBothTypingPathsWithSafeCasts(TestDatabase db) {
        List<Case> cases = Stream.concat(CLEAN.stream(), FAILING_CASTS.stream()).toList();

        ConnectorRun run = writeCases(db, cases);

        assertCases(db, run, cases);
    }

    @Test
    void aCursorWrittenInAnotherNotationNeverLosesToAnOlderVersion(TestDatabase db) {
        // in one sync: the newer version (cursor 20 written as "2E1") is extracted before the older (19)
        write(
                db,
                "append_dedup",
                List.of(
                        "{\"id\":1,\"v\":\"2E1\",\"name\":\"new\"}",
                        "{\"id\":2,\"v\":\"2E1\",\"name\":\"new\",\"force\":1e5}",
                        "{\"id\":3,\"v\":\"2.0e1\",\"name\":\"new\"}",
                        "{\"id\":4,\"v\":19,\"name\":\"old\"}",
                        "{\"id\":1,\"v\":19,\"name\":\"old\"}",
                        "{\"id\":2,\"v\":19,\"name\":\"old\",\"force\":1e5}"));
        // in the next sync: an older version arrives late, and a newer one in exponent notation
        write(
                db,
                "append_dedup",
                List.of(
                        "{\"id\":3,\"v\":19,\"name\":\"old\"}",
                        "{\"id\":4,\"v\":\"1.95E1\",\"name\":\"not an integer\"}",
                        "{\"id\":4,\"v\":\"0.2e2\",\"name\":\"new\",\"force\":1e5}"));

        assertThat(db.query("SELECT id, v, name FROM ns.f ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("v") + ":" + r.get("name"))
                .containsExactly("1:20:new", "2:20:new", "3:20:new", "4:20:new");
    }

    /** The end-of-sync summary line of stream ns.f (a LOG message). */
    private static String summary(ConnectorRun run) {
        return run.ofType("LOG").stream()
                .map(m -> m.path("log").path("message").asText())
                .filter(m -> m.startsWith("Stream ns.f: received"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no summary in " + run.stdout()));
    }
}
