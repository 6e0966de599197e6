package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command with stdin from a file and stdout/stderr to files, and reads its peak resident memory
 * from {@code /proc/<pid>/status} (the larger of VmHWM and VmRSS, polled every {@value #POLL_MILLIS} ms
 * until it exits).
 */
final class MeasuredProcess {
    static final long POLL_MILLIS = 20;

    private MeasuredProcess() {}

    /**
     * Exit code, wall time, peak RSS (kB; 0 if /proc could not be read) of one run, and the whole machine's
     * CPU time while it ran (empty where /proc/stat cannot be read).
     */
    record Result(
            int exitCode,
            double seconds,
            long peakRssKb,
            Path stdout,
            Path stderr,
            Optional<MachineCpu.Usage> machineCpu) {
        double peakRssMb() {
            return peakRssKb / 1024.0;
        }
    }

    static Result run(List<String> command, Path stdin, Path stdout, Path stderr)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(stdin.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Optional<MachineCpu.Sample> cpuBefore = MachineCpu.sample();
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicLong peak = new AtomicLong();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        Thread poller = new Thread(
                () -> {
                    while (process.isAlive()) {
                        peak.accumulateAndGet(readPeakKb(status), Math::max);
                        try {
                            Thread.sleep(POLL_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "rss-poller");
        poller.setDaemon(true);
        poller.start();
        int exitCode = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Optional<MachineCpu.Usage> cpu = MachineCpu.between(cpuBefore, MachineCpu.sample());
        poller.interrupt();
        poller.join();
        return new Result(exitCode, seconds, peak.get(), stdout, stderr, cpu);
    }

    /** The larger of VmHWM and VmRSS in kB, or 0 when the process is gone. */
    static long readPeakKb(Path status) {
        try {
            long peak = 0;
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    peak = Math.max(peak, Long.parseLong(parts[0]));
                }
            }
            return peak;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
