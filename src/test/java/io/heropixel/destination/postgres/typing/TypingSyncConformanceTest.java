package io.heropixel.destination.postgres.typing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.testing.ClassDatabase;
import io.heropixel.destination.postgres.testing.TestingConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two-sync scenarios of Airbyte's BaseTypingDedupingTest at the typing level: the catalog goes through
 * CatalogParser and StreamPlanner, the messages become raw rows (as the loader writes them), and each
 * sync ends with one typing pass; the final table is compared with postgres-dat/ expectations
 * (fix_generation_id 42, as the scenario index says).
 */
class TypingSyncConformanceTest {
    @RegisterExtension
    static final ClassDatabase DB = new ClassDatabase();

    /** The scenario's catalog, with the test's own namespace (the catalogs all use the same one). */
    private static StreamPlan plan(String catalogFile, String namespace, DestinationConfig config) throws IOException {
        JsonNode catalog =
                Fixtures.JSON.readTree(Files.readString(Fixtures.dir().resolve("catalogs/" + catalogFile)));
        ((ObjectNode) catalog.get("streams").get(0).get("stream")).put("namespace", namespace);
        return StreamPlanner.plan(CatalogParser.parse(catalog), config).get(0);
    }

    /** Raw rows as the loader writes them: meta = record changes + sync id, generation from the catalog. */
    private static void sync(StreamPlan plan, TableAndTyping deduper, String messages) throws SQLException {
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode message : Fixtures.read(messages)) {
            JsonNode record = message.get("record");
            ObjectNode row = Fixtures.JSON.createObjectNode();
            row.put("_airbyte_raw_id", UUID.randomUUID().toString());
            row.put(
                    "_airbyte_extracted_at",
                    Instant.ofEpochMilli(record.get("emitted_at").asLong()).toString());
            row.set("_airbyte_data", record.get("data"));
            ObjectNode meta = row.putObject("_airbyte_meta");
            meta.set(
                    "changes",
                    record.path("meta").has("changes")
                            ? record.get("meta").get("changes")
                            : Fixtures.JSON.createArrayNode());
            meta.put("sync_id", plan.stream().syncId());
            row.put("_airbyte_generation_id", plan.stream().generationId());
            rows.add(row);
        }
        deduper.prepareRawTable(DB.connection(), plan, plan.rawTable());
        deduper.prepareFinalTable(DB.connection(), plan, plan.finalTable());
        Fixtures.insertRaw(DB.connection(), plan.rawTable(), rows);
        deduper.typeAndDedupe(DB.connection(), plan, plan.rawTable(), plan.finalTable());
    }

    private static List<ObjectNode> expected(String file, long generation) {
        List<ObjectNode> rows = Fixtures.read("postgres-dat/" + file);
        rows.forEach(row -> row.put("_airbyte_generation_id", generation));
        return rows;
    }

    private static void assertFinal(StreamPlan plan, String file) throws SQLException {
        assertFinal(plan, expected(file, plan.stream().generationId()));
    }

    private static void assertFinal(StreamPlan plan, List<ObjectNode> expected) throws SQLException {
        Fixtures.assertRows(Fixtures.dump(DB.connection(), plan.finalTable()), expected);
    }

    @Test
    void incrementalDedup() throws Exception {
        DestinationConfig config = TestingConfigs.config("public", "sync_dedup_raw");
        StreamPlan plan = plan("incrementalDedup_gen42.json", "tdtest_dedup", config);
        TableAndTyping deduper = new TableAndTyping(config);
        sync(plan, deduper, "cdk-dat/sync1_messages.jsonl");
        assertFinal(plan, "sync1_expectedrecords_dedup_final.jsonl");
        sync(plan, deduper, "cdk-dat/sync2_messages.jsonl");
        assertFinal(plan, "sync2_expectedrecords_incremental_dedup_final.jsonl");
        assertThat(plan.finalTable().schema().name()).isEqualTo("tdtest_dedup");
    }

    @Test
    void incrementalAppend() throws Exception {
        DestinationConfig config = TestingConfigs.config("public", "sync_append_raw");
        StreamPlan plan = plan("incrementalAppend_gen42.json", "tdtest_append", config);
        TableAndTyping deduper = new TableAndTyping(config);
        sync(plan, deduper, "cdk-dat/sync1_messages.jsonl");
        assertFinal(plan, "sync1_expectedrecords_nondedup_final.jsonl");
        sync(plan, deduper, "cdk-dat/sync2_messages.jsonl");
        assertFinal(plan, "sync2_expectedrecords_fullrefresh_append_final.jsonl");
    }

    @Test
    void dedupWithACursorChange() throws Exception {
        DestinationConfig config = TestingConfigs.config("public", "sync_cursor_raw");
        TableAndTyping deduper = new TableAndTyping(config);
        StreamPlan first = plan("incrementalDedupChangeCursor_sync1_gen42.json", "tdtest_cursor", config);
        sync(first, deduper, "cdk-dat/sync1_cursorchange_messages.jsonl");
        assertFinal(first, "sync1_cursorchange_expectedrecords_dedup_final.jsonl");
        StreamPlan second = plan("incrementalDedupChangeCursor_sync2_gen42.json", "tdtest_cursor", config);
        sync(second, deduper, "cdk-dat/sync2_messages.jsonl");
        List<ObjectNode> expected = expected(
                "sync2_cursorchange_expectedrecords_incremental_dedup_final.jsonl",
                second.stream().generationId());
        // The cursor changed, so the final table is rebuilt from the raw rows (as 2.x did). The removed
        // property old_cursor keeps its column, NULL after the rebuild (its values stay in the raw table).
        assertFinal(second, expected);
    }
}
