package io.heropixel.destination.postgres.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.Secrets;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The only writer of stdout: one JSON message per line, flushed per message. Messages the connector builds
 * are written compact with secrets masked; echoed STATE messages go out as they arrived.
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
     * Echoes a STATE: the message's bytes as they arrived with {@code destinationStats} spliced in (see
     * {@link StateLine}), streamed without a copy of the line. Unlike every other message it is not passed
     * through secret masking: it is the source's data, going back unchanged, and masking could alter it.
     */
    public static synchronized void writeState(StateLine state, long recordCount) {
        try {
            state.writeEcho(out, recordCount);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a STATE message to stdout", e);
        }
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
