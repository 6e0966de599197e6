package io.heropixel.destination.postgres.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (src/test/resources/bad-input/cases.json): each input file ends in typed values,
 * NULLs with an {@code _airbyte_meta} change, or one config error naming the line — never a silent drop.
 */
class BadInputCorpusTest {
    static final String DIR = "/bad-input/";

    static Stream<Named<JsonNode>> cases() {
        List<Named<JsonNode>> cases = new ArrayList<>();
        resourceJson("cases.json")
                .path("cases")
                .forEach(c -> cases.add(Named.of(c.path("file").asText(), c)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
    void corpusCase(JsonNode testCase) {
        TestDatabase db = TestingPostgres.newDatabase();
        byte[] input = resource(testCase.path("file").asText());
        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), resourceJson("catalog.json"), input);

        if (testCase.path("expect").asText().equals("ok")) {
            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.errorTraces()).isEmpty();
            assertThat(db.queryValue("SELECT count(*) FROM bad.t")).isEqualTo(recordLines(input));
            if (testCase.has("states")) {
                assertThat(run.ofType("STATE")).hasSize(testCase.path("states").asInt());
            }
            for (JsonNode check : testCase.path("checks")) {
                assertThat(db.queryValue(check.asText())).as(check.asText()).isEqualTo(true);
            }
            for (JsonNode nulled : testCase.path("nulled")) {
                assertNulledWithChange(db, nulled.get(0).asLong(), nulled.get(1).asText());
            }
            assertNoSilentNull(db);
        } else {
            assertConfigErrorAtLine(
                    run,
                    testCase.path("line").asLong(),
                    testCase.path("contains").asText());
            assertEchoedStatesCommitted(db, run, input);
        }
    }

    /** One config_error TRACE whose message names the input line; no system error, no stack trace in it. */
    static void assertConfigErrorAtLine(ConnectorRun run, long line, String contains) {
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces()).hasSize(1);
        JsonNode error = run.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).as(error.toString()).isEqualTo("config_error");
        assertThat(error.path("message").asText())
                .containsPattern("^Input line " + line + "( \\(stream '[^']*'\\))?: ")
                .contains(contains)
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("[Source:", "Feature", "marker", "token"); // parser internals
    }

    /** An error must not lose what was acknowledged: each echoed STATE's earlier records are in the raw table. */
    static void assertEchoedStatesCommitted(TestDatabase db, ConnectorRun run, byte[] input) {
        if (run.ofType("STATE").isEmpty()) {
            return;
        }
        long recordsBeforeLastState = 0;
        long records = 0;
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"type\":\"RECORD\"") || line.contains("\"type\": \"RECORD\"")) {
                records++;
            } else if (line.contains("\"STATE\"")) {
                recordsBeforeLastState = records;
            }
        }
        assertThat((Long) db.queryValue("SELECT count(*) FROM airbyte_internal.bad_raw__stream_t"))
                .isGreaterThanOrEqualTo(recordsBeforeLastState);
    }

    static void assertNulledWithChange(TestDatabase db, long id, String column) {
        String sql = "SELECT to_jsonb(t) -> '" + column
                + "' = 'null'::jsonb AND _airbyte_meta -> 'changes' @> '[{\"field\":\"" + column
                + "\",\"change\":\"NULLED\"}]' FROM bad.t WHERE id = " + id;
        assertThat(db.queryValue(sql))
                .as("row %d: %s is NULL with a NULLED change", id, column)
                .isEqualTo(true);
    }

    /** Every non-null input value is either in its column or NULL with a change naming the field. */
    static void assertNoSilentNull(TestDatabase db) {
        String sql = "SELECT r._airbyte_data::text AS data, c.col FROM bad.t f"
                + " JOIN airbyte_internal.bad_raw__stream_t r USING (_airbyte_raw_id)"
                + " CROSS JOIN jsonb_object_keys(r._airbyte_data) AS c(col)"
                + " WHERE jsonb_typeof(r._airbyte_data -> c.col) <> 'null'"
                + " AND to_jsonb(f) ? c.col AND to_jsonb(f) -> c.col = 'null'::jsonb"
                + " AND NOT f._airbyte_meta -> 'changes' @> jsonb_build_array(jsonb_build_object('field', c.col))";
        assertThat(db.query(sql))
                .as("values NULL in the final table without a change")
                .isEmpty();
    }

    static long recordLines(byte[] input) {
        return new String(input, StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("\"RECORD\""))
                .count();
    }

    static JsonNode resourceJson(String name) {
        try {
            return ProtocolJson.mapper().readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + DIR + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
