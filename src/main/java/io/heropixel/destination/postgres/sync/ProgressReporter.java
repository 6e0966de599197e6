package io.heropixel.destination.postgres.sync;

import io.heropixel.destination.postgres.load.LoadTotals;
import io.heropixel.destination.postgres.protocol.Messages;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.heropixel.destination.postgres.typing.TypingResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one progress line every few seconds while a write runs, and the per-stream summary at the end. */
final class ProgressReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private static final int STREAMS_SHOWN = 8;

    private final ProtocolWriter protocol;
    private final List<StreamRun> runs;
    private final StateManager states;
    private final LongSupplier bytesRead;
    private final LongSupplier queuedBytes;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String phase = "setup";
    private volatile long recordsRead;

    ProgressReporter(
            ProtocolWriter protocol,
            List<StreamRun> runs,
            StateManager states,
            LongSupplier bytesRead,
            LongSupplier queuedBytes,
            Duration interval) {
        this.protocol = protocol;
        this.runs = runs;
        this.states = states;
        this.bytesRead = bytesRead;
        this.queuedBytes = queuedBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    void phase(String value) {
        phase = value;
        info("Phase: " + value);
    }

    void recordsRead(long value) {
        recordsRead = value;
    }

    private void report() {
        try {
            double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
            long committed = 0;
            StringBuilder perStream = new StringBuilder();
            int shown = 0;
            for (StreamRun run : runs) {
                long records = run.loader.totals().records();
                committed += records;
                if (shown++ < STREAMS_SHOWN) {
                    perStream
                            .append(' ')
                            .append(run.descriptor())
                            .append('=')
                            .append(records)
                            .append('/')
                            .append(states.received(run.index));
                }
            }
            if (runs.size() > STREAMS_SHOWN) {
                perStream.append(" (+").append(runs.size() - STREAMS_SHOWN).append(" streams)");
            }
            info(String.format(
                    Locale.ROOT,
                    "Progress [%s] %.0fs: read %d records (%.1f MB), committed %d (%.0f records/s), queued %.1f MB,"
                            + " states echoed %d, waiting %d; committed/read:%s",
                    phase,
                    seconds,
                    recordsRead,
                    bytesRead.getAsLong() / 1e6,
                    committed,
                    committed / seconds,
                    queuedBytes.getAsLong() / 1e6,
                    states.echoedCount(),
                    states.pendingCount(),
                    perStream));
        } catch (RuntimeException e) {
            LOG.debug("Progress report failed", e);
        }
    }

    /** One line per stream: what arrived, what was committed and typed, and the time per phase. */
    void summary() {
        for (StreamRun run : runs) {
            TypingResult typing = run.typing();
            LoadTotals loaded = run.loader.totals();
            info(String.format(
                    Locale.ROOT,
                    "Stream %s: received %d, committed to raw %d (%d batches, %.1f MB of input, %d cleaned of NUL/surrogates),"
                            + " typed %d (%d while loading, deduplicated away %d), deleted %d, nulled values %d; status %s; setup %.1fs, load %.1fs, typing %.1fs"
                            + " (%d passes)",
                    run.descriptor(),
                    states.received(run.index),
                    loaded.records(),
                    loaded.batches(),
                    loaded.bytes() / 1e6,
                    loaded.cleaned(),
                    typing.typed(),
                    loaded.typed(),
                    typing.deduplicatedAway(),
                    typing.deleted(),
                    typing.nulled(),
                    run.status() == null ? "none" : run.status(),
                    run.setupNanos() / 1e9,
                    loaded.loadNanos() / 1e9,
                    run.typingNanos() / 1e9,
                    run.typingPasses()));
        }
    }

    /** Progress goes to the log (stderr) and, as a LOG message, to the platform. */
    private void info(String line) {
        LOG.info(line);
        protocol.write(Messages.log("INFO", line));
    }

    /** A warning for the log (stderr) and, as a LOG message, for the platform. */
    void warn(String line) {
        LOG.warn(line);
        protocol.write(Messages.log("WARN", line));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
