package io.heropixel.destination.postgres.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.faults.WriteProcess;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad inputs too big for files: deep nesting, a 100 MB string, 2,000 columns, a nested primary key. */
@ExtendWith(TestingPostgres.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES) // hang guard only
class BadInputGeneratedTest {

    private static String record(String data) {
        return "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"bad\",\"stream\":\"t\",\"emitted_at\":1,\"data\":"
                + data + "}}";
    }

    @Test
    void nestingOfDepth1000IsKept(TestDatabase db) {
        String object = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        String array = "[".repeat(1000) + "\"deep\"" + "]".repeat(1000);
        String input = record("{\"id\":1,\"o\":" + object + ",\"a\":" + array + "}") + "\n";

        ConnectorRun run =
                ConnectorRun.inProcessWrite(db.config(), BadInputCorpusTest.resourceJson("catalog.json"), input);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(db.queryValue("SELECT o #>> '{" + "a,".repeat(999) + "a}' FROM bad.t WHERE id = 1"))
                .isEqualTo("1");
        assertThat(db.queryValue("SELECT a #>> '{" + "0,".repeat(999) + "0}' FROM bad.t WHERE id = 1"))
                .isEqualTo("deep");
        BadInputCorpusTest.assertNoSilentNull(db);
    }

    @Test
    void aString100MbLongLoadsInABoundedHeap(TestDatabase db) {
        int length = 100_000_000;
        StringBuilder line = new StringBuilder(length + 200);
        line.append("{\"type\":\"RECORD\",\"record\":{\"namespace\":\"bad\",\"stream\":\"t\",\"emitted_at\":1,")
                .append("\"data\":{\"id\":1,\"s\":\"");
        for (int i = 0; i < length; i++) {
            line.append((char) ('a' + i % 26));
        }
        line.append("\"}}}");
        List<String> input = List.of(line.toString(), record("{\"id\":2,\"s\":\"small\"}"));

        ConnectorRun run =
                WriteProcess.runToEnd(db.config(), BadInputCorpusTest.resourceJson("catalog.json"), input, "-Xmx1g");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(db.queryValue("SELECT length(s) FROM bad.t WHERE id = 1")).isEqualTo(length);
        assertThat(db.queryValue("SELECT s FROM bad.t WHERE id = 2")).isEqualTo("small");
    }

    @Test
    void twoThousandColumnsAreAConfigErrorBeforeLoading(TestDatabase db) {
        ObjectNode catalog = wideCatalog(2000);

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog, wideRecord(2000));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces()).hasSize(1);
        JsonNode error = run.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText())
                .contains("bad.t", "2010 top-level properties", "at most 830 can be typed", "disable_type_dedupe");
        assertThat(db.queryValue("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'bad'"))
                .as("nothing created before the error")
                .isEqualTo(0L);
    }

    @Test
    void twoThousandColumnsLoadIntoTheRawTableWhenTypingIsDisabled(TestDatabase db) {
        ObjectNode config = db.config();
        config.put("disable_type_dedupe", true);

        ConnectorRun run = ConnectorRun.inProcessWrite(config, wideCatalog(2000), wideRecord(2000));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(db.queryValue("SELECT _airbyte_data->>'c1999' FROM airbyte_internal.bad_raw__stream_t"))
                .isEqualTo("1999");
    }

    @Test
    void theLargestAllowedWidthIsTyped(TestDatabase db) {
        int columns = StreamPlanner.MAX_USER_COLUMNS - 10; // the corpus catalog already has 10 properties

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), wideCatalog(columns), wideRecord(columns));

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(db.queryValue("SELECT c" + (columns - 1) + " FROM bad.t")).isEqualTo((long) columns - 1);
    }

    @Test
    void oneColumnMoreThanTheLimitIsAConfigError(TestDatabase db) {
        int columns = StreamPlanner.MAX_USER_COLUMNS - 10 + 1;

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), wideCatalog(columns), wideRecord(columns));

        assertThat(run.errorTraces())
                .extracting(e -> e.path("failure_type").asText())
                .containsExactly("config_error");
    }

    private static ObjectNode wideCatalog(int extraColumns) {
        ObjectNode catalog = BadInputCorpusTest.resourceJson("catalog.json").deepCopy();
        ObjectNode properties = (ObjectNode) catalog.path("streams")
                .get(0)
                .path("stream")
                .path("json_schema")
                .path("properties");
        for (int i = 0; i < extraColumns; i++) {
            properties.putObject("c" + i).put("type", "integer");
        }
        return catalog;
    }

    private static String wideRecord(int extraColumns) {
        StringBuilder data = new StringBuilder("{\"id\":1");
        for (int i = 0; i < extraColumns; i++) {
            data.append(",\"c").append(i).append("\":").append(i);
        }
        return record(data.append('}').toString()) + "\n";
    }

    @Test
    void nestedPrimaryKeyIsAConfigError(TestDatabase db) {
        ObjectNode catalog = BadInputCorpusTest.resourceJson("catalog.json").deepCopy();
        ObjectNode stream = (ObjectNode) catalog.path("streams").get(0);
        stream.put("destination_sync_mode", "append_dedup");
        stream.putArray("primary_key").addArray().add("o").add("x");

        ConnectorRun run =
                ConnectorRun.inProcessWrite(db.config(), catalog, record("{\"id\":1,\"o\":{\"x\":1}}") + "\n");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.errorTraces()).hasSize(1);
        JsonNode error = run.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText()).contains("bad.t").containsIgnoringCase("primary key");
    }
}
