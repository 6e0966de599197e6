package io.heropixel.destination.postgres.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code write} in a separate JVM fed the first attempt's lines with stdin left open (the source has more to
 * send), then SIGKILLed at a random moment: before its states are echoed, after some, or after all of them
 * while it waits for more input; or fed everything with stdin closed and killed while it finishes (typing,
 * swaps) or just after. Only complete stdout lines count as delivered.
 */
final class KilledAttempt {
    private KilledAttempt() {}

    /** Runs and kills the attempt; returns the STATE lines it echoed before it died. */
    static List<String> run(
            JsonNode config, JsonNode catalog, List<String> lines, int states, Random random, boolean closeInput) {
        List<String> command = ConnectorProcess.write(
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), config, catalog);
        List<String> echoed = new CopyOnWriteArrayList<>();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            if (line.startsWith("{\"type\":\"STATE\"")) {
                                echoed.add(line);
                            }
                        }
                    } catch (IOException e) {
                        // killed
                    }
                },
                "killed-attempt-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            OutputStream in = process.getOutputStream();
            for (String line : lines) {
                in.write(line.getBytes(StandardCharsets.UTF_8));
                in.write('\n');
            }
            in.flush();
            if (closeInput) {
                in.close();
            }
            int wanted = states == 0 ? 0 : random.nextInt(states + 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (echoed.size() < wanted && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(closeInput ? 800 : 300));
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        } catch (IOException e) {
            process.destroyForcibly(); // it died early: whatever it echoed counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return List.copyOf(echoed);
    }
}
