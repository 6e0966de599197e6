package io.heropixel.destination.postgres.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark ran on. */
record Machine(int cpus, String cpuModel, double memoryGiB) {
    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGiB());
    }

    /** The 1-minute load average (other work on the machine makes figures noisy). */
    static String loadAverage() {
        String load = read("/proc/loadavg");
        return load.isEmpty() ? "unknown" : load.split("\\s+")[0];
    }

    String describe() {
        return cpus + " CPUs (" + cpuModel + "), " + String.format("%.1f", memoryGiB) + " GiB RAM";
    }

    private static String readCpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static double readMemoryGiB() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
            }
        }
        return 0;
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
