package io.heropixel.destination.postgres.connection.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** stdout of an in-process run, readable while the run goes on. */
final class RunOutput extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        notifyAll();
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    synchronized void awaitContaining(String text) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!text().contains(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("stdout never contained " + text + ": " + text());
            }
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    List<JsonNode> messages() {
        return text().lines()
                .filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        return ProtocolJson.mapper().readTree(l);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }
}
