package io.heropixel.destination.postgres.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Namespaces, stream names, property names (including primary key and cursor), the default schema and
 * the raw schema full of SQL syntax: quotes, semicolons, comments, dollar quotes, backslashes, Unicode.
 * They become (normalised) names and nothing in them is executed: the victim table survives and every
 * value lands in its column.
 */
@ExtendWith(TestingPostgres.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
class NameInjectionTest {
    private static final String DROP = "; DROP TABLE public.victim; --";
    private static final List<String> NASTY = List.of(
            "x\"" + DROP,
            "y'" + DROP,
            "$$" + DROP + "$$",
            "z\\'" + DROP,
            "/* c */ w */" + DROP,
            "$q$" + DROP + "$q$",
            "名前é'\"" + DROP,
            "e\\\\\"\"" + DROP);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void namesAreNeverExecuted(TestDatabase db) {
        db.execute("CREATE TABLE public.victim (id int)", "INSERT INTO public.victim VALUES (1)");
        ObjectNode config = db.config();
        config.put("schema", "s'" + DROP);
        config.put("raw_data_schema", "r\"" + DROP);
        ObjectNode catalog = NODES.objectNode();
        ArrayNode streams = catalog.putArray("streams");
        streams.add(stream(null, NASTY.get(0), "append"));
        streams.add(stream(NASTY.get(1), NASTY.get(2), "append_dedup"));
        streams.add(stream(NASTY.get(6), NASTY.get(7), "overwrite"));
        StringBuilder input = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            input.append(record(null, NASTY.get(0), id, "v")).append('\n');
            input.append(record(NASTY.get(1), NASTY.get(2), id % 2, "v" + id)).append('\n');
            input.append(record(NASTY.get(6), NASTY.get(7), id, "v")).append('\n');
        }

        ConnectorRun run = ConnectorRun.inProcessWrite(config, catalog, input.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(db.queryValue("SELECT count(*) FROM public.victim")).isEqualTo(1L);
        List<Map<String, Object>> tables = db.query("SELECT table_schema, table_name FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
        // victim, 3 final and 3 raw tables, and the table registry (staging tables are dropped when done)
        assertThat(tables).hasSize(1 + 3 + 3 + 1);
        assertThat(tables).allSatisfy(t -> assertThat(t.get("table_name").toString() + t.get("table_schema"))
                .doesNotContain(";", "'", "\"", "$", "\\", "/*", " "));
        // every nasty property is a column holding its value; the dedup stream holds one row per key
        for (Map<String, Object> table : tables) {
            String schema = table.get("table_schema").toString();
            String name = table.get("table_name").toString();
            if (name.equals("victim") || schema.startsWith("r_")) {
                continue;
            }
            String qualified = "\"" + schema + "\".\"" + name + "\"";
            long expectedRows = name.startsWith("_") ? 2 : 3; // the dedup stream name starts with $$ -> __
            assertThat(db.queryValue("SELECT count(*) FROM " + qualified))
                    .as(qualified)
                    .isEqualTo(expectedRows);
            List<Map<String, Object>> columns = db.query("SELECT column_name FROM information_schema.columns WHERE"
                    + " table_schema = '" + schema + "' AND table_name = '" + name + "' AND column_name NOT LIKE"
                    + " '\\_airbyte\\_%'");
            assertThat(columns).hasSize(NASTY.size());
            for (Map<String, Object> column : columns) {
                String quoted = "\"" + column.get("column_name") + "\"";
                assertThat(db.queryValue("SELECT count(*) FROM " + qualified + " WHERE " + quoted + " IS NULL"))
                        .as("NULLs in %s.%s", qualified, quoted)
                        .isEqualTo(0L);
            }
        }
    }

    private static ObjectNode stream(String namespace, String name, String mode) {
        ObjectNode configured = NODES.objectNode();
        ObjectNode stream = configured.putObject("stream");
        stream.put("name", name);
        if (namespace != null) {
            stream.put("namespace", namespace);
        }
        ObjectNode properties =
                stream.putObject("json_schema").put("type", "object").putObject("properties");
        properties.putObject(NASTY.get(0)).put("type", "integer");
        for (String property : NASTY.subList(1, NASTY.size())) {
            properties.putObject(property).put("type", "string");
        }
        stream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
        configured.put("sync_mode", "incremental");
        configured.put("destination_sync_mode", mode);
        if (mode.equals("append_dedup")) {
            configured.putArray("primary_key").addArray().add(NASTY.get(0));
            configured.putArray("cursor_field").add(NASTY.get(3));
        }
        configured.put("generation_id", 1);
        configured.put("minimum_generation_id", mode.equals("overwrite") ? 1 : 0);
        configured.put("sync_id", 1);
        return configured;
    }

    private static String record(String namespace, String stream, int id, String value) {
        ObjectNode message = NODES.objectNode().put("type", "RECORD");
        ObjectNode record = message.putObject("record");
        if (namespace != null) {
            record.put("namespace", namespace);
        }
        record.put("stream", stream).put("emitted_at", 1000 + id);
        ObjectNode data = record.putObject("data");
        data.put(NASTY.get(0), id);
        for (String property : NASTY.subList(1, NASTY.size())) {
            data.put(property, value + property);
        }
        return message.toString();
    }
}
