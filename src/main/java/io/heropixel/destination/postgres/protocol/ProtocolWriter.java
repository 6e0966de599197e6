package io.heropixel.destination.postgres.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.Secrets;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The only writer of stdout: one compact JSON message per line, flushed per message, secrets masked.
 * Tests install their own stream with {@link #redirect(OutputStream)}.
 */
public final class ProtocolWriter {
    private static volatile PrintStream out =
            new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);

    private ProtocolWriter() {}

    public static synchronized void write(JsonNode message) {
        String line;
        try {
            line = ProtocolJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a protocol message", e);
        }
        out.print(Secrets.redact(line));
        out.print('\n');
        out.flush();
    }

    /**
     * Writes plain text for a person (the {@code demo} command only; never used by spec, check or write,
     * whose stdout carries protocol messages only).
     */
    public static synchronized void writeText(String text) {
        out.print(Secrets.redact(text));
        out.print('\n');
        out.flush();
    }

    /** Sends protocol output to another stream (tests, in-process runs); returns the previous one. */
    public static synchronized PrintStream redirect(OutputStream target) {
        PrintStream previous = out;
        out = target instanceof PrintStream ps ? ps : new PrintStream(target, false, StandardCharsets.UTF_8);
        return previous;
    }

    /** The real stdout, for the few library calls (picocli help) that need a stream. */
    public static synchronized PrintStream stream() {
        return out;
    }
}
