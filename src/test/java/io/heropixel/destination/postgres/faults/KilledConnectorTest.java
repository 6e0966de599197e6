package io.heropixel.destination.postgres.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import io.heropixel.destination.postgres.testing.TestDatabase;
import io.heropixel.destination.postgres.testing.TestingPostgres;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGKILL of the {@code write} process at random points of a multi-stream sync (JVM start, setup, load,
 * after some STATEs, after the end of input while typing), each time followed by the platform's resend
 * of everything after the last echoed STATE of each stream. The final, uninterrupted attempt must leave
 * every record in the raw and final tables, the dedup table exact, and append tables with duplicates
 * only inside the at-least-once window.
 */
@ExtendWith(TestingPostgres.class)
class KilledConnectorTest {
    private static final Logger LOG = LoggerFactory.getLogger(KilledConnectorTest.class);
    private static final int KILLS = 4;

    @RepeatedTest(2)
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // hang guard only
    void killedAtRandomPointsThenResentConverges(TestDatabase db) {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        LOG.info("KilledConnectorTest seed {} (rerun with -Dfaults.seed={})", seed, seed);
        Random random = new Random(seed);
        SyncScript script = SyncScript.generate(seed, 1500, 40);
        List<String> input = script.firstAttempt();
        int kills = 0;
        int killsWithEcho = 0;
        for (int attempt = 0; attempt < KILLS; attempt++) {
            int point = attempt % 4;
            int statesInInput = (int) input.stream()
                    .filter(l -> l.startsWith("{\"type\":\"STATE\""))
                    .count();
            try (WriteProcess run = WriteProcess.start(db.config(), script.catalog(), input, 3)) {
                String where = killAt(run, point, statesInInput, random);
                if (!run.isAlive()) {
                    ConnectorRun ended = run.awaitExit(10);
                    assertThat(ended.exitCode()).as(ended.stderr()).isZero();
                    LOG.info("attempt {} finished before the kill point {}", attempt, where);
                } else {
                    kills++;
                }
                run.kill();
                List<JsonNode> echoed = run.echoedStates();
                if (!echoed.isEmpty()) {
                    killsWithEcho++;
                }
                LOG.info("attempt {}: killed {} after {} echoed states", attempt, where, echoed.size());
                input = script.resend(script.lastAttemptLines(), echoed);
            }
        }
        ConnectorRun last = WriteProcess.runToEnd(db.config(), script.catalog(), input);

        assertThat(last.exitCode()).as(last.stderr()).isZero();
        assertThat(last.errorTraces()).isEmpty();
        script.verify(db);
        assertThat(kills).as("attempts killed while running").isGreaterThanOrEqualTo(KILLS / 2);
        assertThat(killsWithEcho).as("kills after at least one echoed state").isPositive();
        LOG.info("records {}, resent at least once {}", script.recordCount(), script.resentRecords());
    }

    /**
     * An overwrite stream (truncate refresh to a new generation) killed at random points: until the new
     * generation is complete the final table keeps the previous generation whole; after the resend it
     * holds the new generation only.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // hang guard only
    void killedOverwriteKeepsTheOldGenerationUntilTheNewOneIsComplete(TestDatabase db) {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        LOG.info("overwrite seed {} (rerun with -Dfaults.seed={})", seed, seed);
        Random random = new Random(seed);
        SyncScript previous = SyncScript.generateOverwrite(seed, 300, 40, 1, 0);
        ConnectorRun first = WriteProcess.runToEnd(db.config(), previous.catalog(), previous.firstAttempt());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        Set<Long> oldRows = previous.seqsOf("app2");
        SyncScript script = SyncScript.generateOverwrite(seed + 1, 1500, 40, 2, 1_000_000);
        Set<Long> newRows = script.seqsOf("app2");
        List<String> input = script.firstAttempt();
        for (int attempt = 0; attempt < KILLS; attempt++) {
            int statesInInput = (int) input.stream()
                    .filter(l -> l.startsWith("{\"type\":\"STATE\""))
                    .count();
            try (WriteProcess run = WriteProcess.start(db.config(), script.catalog(), input, 3)) {
                String where = killAt(run, attempt % 4, statesInInput, random);
                run.kill();
                Set<Long> visible = new HashSet<>();
                db.query("SELECT seq FROM faults.app2").forEach(r -> visible.add((Long) r.get("seq")));
                LOG.info("overwrite attempt {}: killed {}, {} rows visible", attempt, where, visible.size());
                assertThat(visible.equals(oldRows) || visible.containsAll(newRows) && newRows.containsAll(visible))
                        .as("after a kill %s the overwrite table holds one whole generation", where)
                        .isTrue();
                input = script.resend(script.lastAttemptLines(), run.echoedStates());
            }
        }
        ConnectorRun last = WriteProcess.runToEnd(db.config(), script.catalog(), input);

        assertThat(last.exitCode()).as(last.stderr()).isZero();
        script.verify(db);
    }

    /** Waits for the kill point: 0 = random early moment, 1/2 = after some echoed states, 3 = after every state was echoed, while typing. */
    private static String killAt(WriteProcess run, int point, int statesInInput, Random random) {
        switch (point) {
            case 0 -> {
                long millis = 300 + random.nextInt(1500);
                sleep(millis);
                return "after " + millis + " ms";
            }
            case 1, 2 -> {
                int states = 1 + random.nextInt(Math.max(1, point == 1 ? statesInInput / 4 : statesInInput - 1));
                run.awaitCondition(() -> run.echoedStates().size() >= states, 60);
                return "after " + states + " states";
            }
            default -> {
                run.awaitCondition(() -> run.echoedStates().size() >= statesInInput, 60);
                long millis = random.nextInt(150);
                sleep(millis);
                return "after the last state (typing) + " + millis + " ms";
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
