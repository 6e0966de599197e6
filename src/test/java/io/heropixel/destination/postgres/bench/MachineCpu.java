package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The whole machine's CPU time by kind (every process: the connector, the Postgres backends, the kernel's
 * writeback), read from the first line of {@code /proc/stat} before and after a measured phase. It shows
 * where a run's time went that the connector's own figures cannot: for example, kernel time that grows
 * once the data written exceeds what the page cache holds back from the disk.
 */
final class MachineCpu {
    /** Clock ticks per second of /proc/stat (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private MachineCpu() {}

    /** Cumulative ticks since boot. */
    record Sample(long user, long system, long idle, long iowait, long steal) {}

    /** Seconds of CPU time (summed over the CPUs) spent in each kind during a phase. */
    record Usage(double user, double system, double idle, double iowait, double steal) {
        String describe() {
            return String.format(
                    Locale.ROOT,
                    "user %.1f s, system %.1f s, idle %.1f s, I/O wait %.1f s, steal %.1f s",
                    user,
                    system,
                    idle,
                    iowait,
                    steal);
        }
    }

    /** The machine's counters now; empty where /proc/stat cannot be read (not Linux). */
    static Optional<Sample> sample() {
        return sample(PROC_STAT);
    }

    static Optional<Sample> sample(Path procStat) {
        try {
            return Optional.of(
                    parse(Files.readAllLines(procStat, StandardCharsets.UTF_8).get(0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses the aggregate line: {@code cpu user nice system idle iowait irq softirq steal ...}. Nice counts
     * as user; irq and softirq as system.
     */
    static Sample parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
        }
        return new Sample(
                Long.parseLong(f[1]) + Long.parseLong(f[2]),
                Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5]),
                Long.parseLong(f[8]));
    }

    /** The CPU time between two samples; empty when either is missing. */
    static Optional<Usage> between(Optional<Sample> before, Optional<Sample> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        Sample a = before.get();
        Sample b = after.get();
        return Optional.of(new Usage(
                seconds(b.user() - a.user()),
                seconds(b.system() - a.system()),
                seconds(b.idle() - a.idle()),
                seconds(b.iowait() - a.iowait()),
                seconds(b.steal() - a.steal())));
    }

    private static double seconds(long ticks) {
        return ticks / TICKS_PER_SECOND;
    }
}
