package io.heropixel.destination.postgres.sync;

import static io.heropixel.destination.postgres.sync.Conformance.assertRows;
import static io.heropixel.destination.postgres.sync.Conformance.dump;
import static io.heropixel.destination.postgres.sync.Conformance.jsonl;
import static io.heropixel.destination.postgres.sync.Conformance.withGeneration;
import static io.heropixel.destination.postgres.sync.WriteConformanceTest.DAT;
import static io.heropixel.destination.postgres.sync.WriteConformanceTest.SYNC1;
import static io.heropixel.destination.postgres.sync.WriteConformanceTest.catalog;
import static io.heropixel.destination.postgres.sync.WriteConformanceTest.expectTables;
import static io.heropixel.destination.postgres.sync.WriteConformanceTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two large scenarios of {@link WriteConformanceTest} (Airbyte's large dedup sync and identical-name
 * simultaneous sync, each well over 100 000 records), in a class of their own so the test JVMs can run them
 * beside the other scenarios.
 */
@ExtendWith(TestingPostgres.class)
class WriteConformanceLargeTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 42})
    void largeDedupSync(long g, TestDatabase db) {
        ObjectNode config = db.config();
        ObjectNode catalog = catalog("incrementalDedup_gen{G}", g);
        StreamPlan plan = only(config, catalog);
        List<String> once = Conformance.messages(SYNC1, "tdtest_conformance", "test_conformance");
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        byte[] block = (String.join("\n", once) + "\n").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 25_000; i++) {
            input.writeBytes(block);
        }
        input.writeBytes(Conformance.statusLine("tdtest_conformance", "test_conformance", "COMPLETE")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ConnectorRun.inProcessWrite(config, catalog, input.toByteArray())
                        .exitCode())
                .isZero();
        List<ObjectNode> raw = new ArrayList<>();
        List<ObjectNode> rawOnce = withGeneration(jsonl(DAT + "sync1_expectedrecords_raw.jsonl"), g);
        for (int i = 0; i < 25_000; i++) {
            raw.addAll(rawOnce);
        }
        expectTables(db, plan, raw, withGeneration(jsonl(DAT + "sync1_expectedrecords_dedup_final.jsonl"), g));
    }

    /** Two processes at once (here: two write operations in one JVM), streams of the same name in two namespaces. */
    @Test
    void identicalNameSimultaneousSync(TestDatabase db) throws Exception {
        ObjectNode config = db.config();
        ObjectNode catalogA = catalog("identicalNameSimultaneousSync_sync1", 0);
        ObjectNode catalogB = catalog("identicalNameSimultaneousSync_sync2", 0);
        StreamPlan planA = only(config, catalogA);
        StreamPlan planB = only(config, catalogB);
        java.io.PipedOutputStream pipeB = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdinB = new java.io.PipedInputStream(pipeB, 1 << 20);
        byte[] blockB = (String.join(
                                "\n",
                                Conformance.messages(
                                        "cdk-dat/sync1_messages2.jsonl", "tdtest_conformance_2", "test_conformance"))
                        + "\n")
                .getBytes(StandardCharsets.UTF_8);
        {
            WriteOperation b = WriteHarness.operation(
                    db, config, catalogB, io.heropixel.destination.postgres.load.LoadSettings.defaults(1));
            java.util.concurrent.CompletableFuture<WriteResult> runB =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return b.run(stdinB);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            for (int i = 0; i < 100_000; i++) {
                pipeB.write(blockB);
            }
            List<String> linesA =
                    new ArrayList<>(Conformance.messages(SYNC1, "tdtest_conformance_1", "test_conformance"));
            linesA.add(Conformance.statusLine("tdtest_conformance_1", "test_conformance", "COMPLETE"));
            WriteHarness.operation(
                            db, config, catalogA, io.heropixel.destination.postgres.load.LoadSettings.defaults(1))
                    .run(new java.io.ByteArrayInputStream(
                            String.join("\n", linesA).getBytes(StandardCharsets.UTF_8)));
            for (int i = 0; i < 100_000; i++) {
                pipeB.write(blockB);
            }
            pipeB.write(Conformance.statusLine("tdtest_conformance_2", "test_conformance", "COMPLETE")
                    .getBytes(StandardCharsets.UTF_8));
            pipeB.close();
            runB.get(300, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (!TestDatabase.directLoad()) {
            assertThat(db.queryValue("SELECT count(*) FROM " + planA.rawTable().quoted()))
                    .isEqualTo(5L);
            assertThat(db.queryValue("SELECT count(*) FROM " + planB.rawTable().quoted()))
                    .isEqualTo(200_000L);
        }
        assertRows("final A", jsonl(DAT + "sync1_expectedrecords_dedup_final.jsonl"), dump(db, planA.finalTable()));
        assertRows("final B", jsonl(DAT + "sync1_expectedrecords_dedup_final2.jsonl"), dump(db, planB.finalTable()));
    }
}
