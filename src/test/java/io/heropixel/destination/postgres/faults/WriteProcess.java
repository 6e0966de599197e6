package io.heropixel.destination.postgres.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.testing.ConnectorProcess;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code write} command in a real JVM ({@code java -cp <test class path> ...cli.Main write}) whose
 * stdin is fed line by line (optionally throttled) while its stdout is read live, so a test can SIGKILL
 * it at a chosen moment. Only complete stdout lines count: a line cut by the kill was never delivered.
 */
public final class WriteProcess implements AutoCloseable {
    private final Process process;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread feeder;
    private final Thread outReader;
    private final Thread errReader;
    private volatile boolean inputClosed;

    private WriteProcess(Process process, List<String> input, int linesPerPause) {
        this.process = process;
        this.feeder = daemon("feed", () -> feed(input, linesPerPause));
        this.outReader = daemon("stdout", this::readStdout);
        this.errReader = daemon("stderr", () -> copy(process.getErrorStream(), stderr));
    }

    /**
     * The {@code write} option for tests whose server stays down or unreachable: the connector still tries
     * 4 times to connect (and logs each retry), but waits 50, 100 and 200 ms instead of 1, 2 and 4 s.
     */
    public static final List<String> FAST_CONNECT_RETRY = List.of("--connect-retry-delay-millis", "50");

    /**
     * Starts {@code write} with the given config and catalog; {@code linesPerPause} &gt; 0 sleeps 1 ms
     * after that many input lines (so a sync lasts long enough to be interrupted), 0 feeds at full speed.
     */
    public static WriteProcess start(ObjectNode config, JsonNode catalog, List<String> input, int linesPerPause) {
        return start(config, catalog, input, linesPerPause, "-Xmx256m", List.of());
    }

    /** As {@link #start(ObjectNode, JsonNode, List, int)} with the given maximum heap option. */
    public static WriteProcess start(
            ObjectNode config, JsonNode catalog, List<String> input, int linesPerPause, String heapOption) {
        return start(config, catalog, input, linesPerPause, heapOption, List.of());
    }

    /** As {@link #start(ObjectNode, JsonNode, List, int)} with more {@code write} options ({@link #FAST_CONNECT_RETRY}). */
    public static WriteProcess start(
            ObjectNode config,
            JsonNode catalog,
            List<String> input,
            int linesPerPause,
            String heapOption,
            List<String> writeOptions) {
        List<String> command = ConnectorProcess.write(
                List.of(heapOption, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), config, catalog, writeOptions);
        try {
            Process process = new ProcessBuilder(command).start();
            WriteProcess run = new WriteProcess(process, input, linesPerPause);
            run.feeder.start();
            run.outReader.start();
            run.errReader.start();
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code write} to its end (a hang guard of 3 minutes) and returns what it printed. */
    public static ConnectorRun runToEnd(ObjectNode config, JsonNode catalog, List<String> input) {
        return runToEnd(config, catalog, input, "-Xmx256m");
    }

    /** As {@link #runToEnd(ObjectNode, JsonNode, List)} with the given maximum heap option. */
    public static ConnectorRun runToEnd(ObjectNode config, JsonNode catalog, List<String> input, String heapOption) {
        return runToEnd(config, catalog, input, heapOption, List.of());
    }

    /** As {@link #runToEnd(ObjectNode, JsonNode, List, String)} with more {@code write} options. */
    public static ConnectorRun runToEnd(
            ObjectNode config, JsonNode catalog, List<String> input, String heapOption, List<String> writeOptions) {
        try (WriteProcess run = start(config, catalog, input, 0, heapOption, writeOptions)) {
            return run.awaitExit(180);
        }
    }

    /** Complete protocol messages printed so far. */
    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    /** The STATE messages echoed so far. */
    public List<JsonNode> echoedStates() {
        return messages.stream()
                .filter(m -> "STATE".equals(m.path("type").asText()))
                .toList();
    }

    public boolean inputClosed() {
        return inputClosed;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (at most {@code seconds}) until the condition holds or the process ended; true if it holds. */
    public boolean awaitCondition(BooleanSupplier condition, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            sleep(2);
        }
        return false;
    }

    /** SIGKILLs the process (no shutdown hooks, no flush) and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            outReader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to exit on its own and returns its output. */
    public ConnectorRun awaitExit(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        "write did not finish within " + seconds + " s (hang guard); stderr:\n" + stderr());
            }
            outReader.join(10_000);
            errReader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        StringBuilder stdout = new StringBuilder();
        for (JsonNode message : messages) {
            stdout.append(message).append('\n');
        }
        return new ConnectorRun(process.exitValue(), messages(), stdout.toString(), stderr());
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private void feed(List<String> input, int linesPerPause) {
        try (OutputStream in = process.getOutputStream()) {
            int n = 0;
            for (String line : input) {
                in.write(line.getBytes(StandardCharsets.UTF_8));
                in.write('\n');
                if (linesPerPause > 0 && ++n % linesPerPause == 0) {
                    in.flush();
                    sleep(1);
                }
            }
        } catch (IOException e) {
            // the process died (killed); the pipe is broken
        } finally {
            inputClosed = true;
        }
    }

    private void readStdout() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        messages.add(ProtocolJson.mapper().readTree(line.toByteArray()));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the process died
        }
    }

    private void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process died
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, "write-process-" + name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Input lines as a list (for callers that build them as an array). */
    public static List<String> lines(String... lines) {
        return new ArrayList<>(List.of(lines));
    }
}
