package io.heropixel.destination.postgres.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.heropixel.destination.postgres.testing.TestingCitus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-based test of whole sync histories: seeded random histories (HistoryGenerator) run through the real
 * {@code write} command against a real Postgres and compared, after every attempt, with the reference model
 * (Model). A failure prints the seed and a shrunk history that still fails.
 *
 * <p>{@code -Dmodel.seeds=N} runs N seeds (default 20) from {@code -Dmodel.from=K} (default 1);
 * {@code -Dmodel.kills=false} leaves out the attempts that are SIGKILLed (a separate JVM each);
 * {@code -Dmodel.shrink=N} bounds the runs spent shrinking (default 80); {@code -Dmodel.cdcDeletionMode=soft}
 * (or {@code hard}) gives every history that {@code cdc_deletion_mode} (default: a quarter soft). {@code
 * bin/model-test} runs it. {@code -Dmodel.target=citus} runs the histories on a Citus cluster ({@link
 * ModelTarget}).
 */
class ModelBasedTest {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBasedTest.class);

    @Test
    void historiesMatchTheModel() {
        Assumptions.assumeTrue(
                !ModelTarget.citus() || TestingCitus.available(),
                "-Dmodel.target=citus: no Citus cluster scripts at " + TestingCitus.home());
        int seeds = Integer.getInteger("model.seeds", 20);
        // a hang guard only: about 7 s per history on 2 CPUs, 2 min allowed per history
        assertTimeoutPreemptively(Duration.ofMinutes(5 + 2L * seeds), () -> runSeeds(seeds));
    }

    private void runSeeds(int seeds) throws Exception {
        long from = Long.getLong("model.from", 1L);
        boolean kills = Boolean.parseBoolean(System.getProperty("model.kills", "true"));
        int threads = Integer.getInteger("model.threads", 2);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        // histories are independent (each has a database of its own): a few run side by side
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            List<History> histories = new ArrayList<>();
            for (long seed = from; seed < from + seeds; seed++) {
                History history = HistoryGenerator.generate(seed, kills);
                histories.add(history);
                results.add(pool.submit(() -> runOne(history)));
            }
            for (int i = 0; i < histories.size(); i++) {
                Optional<String> mismatch = results.get(i).get();
                if (mismatch.isPresent()) {
                    failures.add(report(histories.get(i), mismatch.get()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.info(
                "model: {} seeds from {} in {} s ({} at a time), {} failed",
                seeds,
                from,
                (System.nanoTime() - started) / 1_000_000_000,
                threads,
                failures.size());
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private static Optional<String> runOne(History history) {
        long t0 = System.nanoTime();
        Optional<String> mismatch = HistoryRunner.run(history);
        LOG.info(
                "model seed {}: {} syncs, {} records, {}, {} ms{}",
                history.seed(),
                history.syncs().size(),
                history.recordCount(),
                history.summary(),
                (System.nanoTime() - t0) / 1_000_000,
                mismatch.isPresent() ? " FAILED" : "");
        return mismatch;
    }

    static String report(History history, String mismatch) {
        int budget = Integer.getInteger("model.shrink", 80);
        Shrinker.Result shrunk = new Shrinker(HistoryRunner::run, budget).shrink(history, mismatch);
        String text = "seed " + history.seed() + " fails (rerun: bin/model-test --seeds 1 --from " + history.seed()
                + ")\n" + mismatch + "\nshrunk to:\n" + shrunk.history().describe() + "which fails with:\n"
                + shrunk.mismatch();
        LOG.error(text);
        return text;
    }
}
