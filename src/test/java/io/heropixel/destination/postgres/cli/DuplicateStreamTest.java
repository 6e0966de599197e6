package io.heropixel.destination.postgres.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A catalog that lists one stream twice fails {@code write} with a config error before anything is written. */
@ExtendWith(TestingPostgres.class)
class DuplicateStreamTest {

    private static JsonNode catalog(String... namespaces) throws Exception {
        StringBuilder streams = new StringBuilder();
        for (String namespace : namespaces) {
            streams.append(streams.length() == 0 ? "" : ",")
                    .append("{\"stream\":{\"name\":\"users\",")
                    .append(namespace == null ? "" : "\"namespace\":" + namespace + ",")
                    .append("\"json_schema\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}},")
                    .append("\"sync_mode\":\"full_refresh\",\"destination_sync_mode\":\"append\",")
                    .append("\"generation_id\":1,\"minimum_generation_id\":0,\"sync_id\":3}");
        }
        return ProtocolJson.mapper().readTree("{\"streams\":[" + streams + "]}");
    }

    private static void assertConfigErrorAndNoTables(ConnectorRun run, TestDatabase db, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorTraces()).hasSize(1);
        JsonNode error = run.errorTraces().get(0);
        assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
        assertThat(error.path("message").asText()).contains(fragments).contains("List each stream once");
        assertThat(run.ofType("STATE")).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname IN ('airbyte_internal', 'crm')"))
                .isEqualTo(0L);
        assertThat(db.queryValue("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                .isEqualTo(0L);
    }

    @Test
    void theSameNamespaceAndNameTwiceIsAConfigError(TestDatabase db) throws Exception {
        String input = "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"crm\",\"stream\":\"users\","
                + "\"emitted_at\":1,\"data\":{\"id\":1}}}\n";

        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog("\"crm\"", "\"crm\""), input);

        assertConfigErrorAndNoTables(run, db, "lists the stream 'crm.users' twice;");
    }

    @Test
    void noNamespaceEmptyNamespaceAndTheDefaultSchemaAreTheSameStream(TestDatabase db) throws Exception {
        ConnectorRun nullAndEmpty = ConnectorRun.inProcessWrite(db.config(), catalog(null, "\"\""), "");
        assertConfigErrorAndNoTables(nullAndEmpty, db, "lists the stream 'public.users' twice;");

        ConnectorRun nullAndDefault = ConnectorRun.inProcessWrite(db.config(), catalog("null", "\"public\""), "");
        assertConfigErrorAndNoTables(
                nullAndDefault,
                db,
                "lists the stream 'public.users' twice, as 'users' and as 'public.users'",
                "default schema 'public'");
    }

    @Test
    void theSameNameInAnotherNamespaceIsAnotherStream(TestDatabase db) throws Exception {
        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog(null, "\"crm\""), "");

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM pg_tables WHERE tablename = 'users'"))
                .isEqualTo(2L);
    }
}
