package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.WriteHarness.catalog;
import static io.heropixel.destination.postgres.sync.WriteHarness.record;
import static io.heropixel.destination.postgres.sync.WriteHarness.status;
import static io.heropixel.destination.postgres.sync.WriteHarness.stream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The end-of-sync summary reaches the platform as LOG messages (and stderr), one line per stream. */
@ExtendWith(TestingPostgres.class)
class WriteProgressTest {
    @Test
    void summaryPerStreamIsEmittedAsLogMessages(TestDatabase db) {
        String input = record("ns", "a", "{\"id\":1,\"name\":\"x\"}", 1000) + "\n"
                + record("ns", "a", "{\"id\":2,\"name\":\"y\"}", 1000) + "\n"
                + record("ns", "b", "{\"id\":3,\"name\":\"z\"}", 1000) + "\n"
                + status("ns", "a", "COMPLETE") + "\n" + status("ns", "b", "COMPLETE") + "\n";
        ConnectorRun run = ConnectorRun.inProcessWrite(
                db.config(), catalog(stream("ns", "a", "append", 1, 0), stream("ns", "b", "append", 1, 0)), input);

        assertThat(run.exitCode()).isEqualTo(0);
        List<String> logs = run.messages().stream()
                .filter(m -> m.path("type").asText().equals("LOG"))
                .map(m -> m.path("log"))
                .peek(log -> assertThat(log.path("level").asText()).isEqualTo("INFO"))
                .map(JsonNode::toString)
                .toList();
        assertThat(logs)
                .anyMatch(l -> l.contains("Stream ns.a: received 2, committed to raw 2") && l.contains("typed 2"));
        assertThat(logs).anyMatch(l -> l.contains("Stream ns.b: received 1, committed to raw 1"));
        assertThat(logs).anyMatch(l -> l.contains("Phase: finalise"));
    }

    @Test
    void summaryCountsOlderVersionsDeduplicatedAway(TestDatabase db) {
        com.fasterxml.jackson.databind.node.ObjectNode dedup = stream("ns", "d", "append_dedup", 1, 0);
        dedup.putArray("primary_key").addArray().add("id");
        // three versions of id 1 and one of id 2: two raw rows are older versions of a key
        String input = record("ns", "d", "{\"id\":1,\"name\":\"a\"}", 1000) + "\n"
                + record("ns", "d", "{\"id\":1,\"name\":\"b\"}", 2000) + "\n"
                + record("ns", "d", "{\"id\":2,\"name\":\"c\"}", 2000) + "\n"
                + record("ns", "d", "{\"id\":1,\"name\":\"d\"}", 3000) + "\n"
                + status("ns", "d", "COMPLETE") + "\n";
        ConnectorRun run = ConnectorRun.inProcessWrite(db.config(), catalog(dedup), input);

        assertThat(run.exitCode()).isEqualTo(0);
        assertThat(run.messages().stream()
                        .filter(m -> m.path("type").asText().equals("LOG"))
                        .map(m -> m.path("log").path("message").asText()))
                .anyMatch(l -> l.contains("Stream ns.d: received 4, committed to raw 4")
                        && l.contains("typed 4 (")
                        && l.contains("deduplicated away 2)"));
        assertThat(db.queryValue("SELECT name FROM ns.d WHERE id = 1")).isEqualTo("d");
    }
}
