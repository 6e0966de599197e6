package io.heropixel.destination.postgres.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.error.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The only writer of stdout: one JSON message per line, flushed per message. Messages the connector builds
 * are written compact with the run's secrets masked; echoed STATE messages go out as they arrived. The CLI
 * creates one per run, on the process's stdout (or the stream an in-process caller gives), and passes it to
 * whatever writes protocol messages.
 */
public final class ProtocolWriter {
    private final PrintStream out;
    private final Secrets secrets;

    public ProtocolWriter(OutputStream out, Secrets secrets) {
        requireNonNull(out, "out is null");
        this.out = out instanceof PrintStream ps ? ps : new PrintStream(out, false, StandardCharsets.UTF_8);
        this.secrets = requireNonNull(secrets, "secrets is null");
    }

    public synchronized void write(JsonNode message) {
        String line;
        try {
            line = ProtocolJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a protocol message", e);
        }
        out.print(secrets.redact(line));
        out.print('\n');
        out.flush();
    }

    /**
     * Echoes a STATE: the message's bytes as they arrived with {@code destinationStats} spliced in (see
     * {@link StateLine}), streamed without a copy of the line. Unlike every other message it is not passed
     * through secret masking: it is the source's data, going back unchanged, and masking could alter it.
     */
    public synchronized void writeState(StateLine state, long recordCount) {
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
    public synchronized void writeText(String text) {
        out.print(secrets.redact(text));
        out.print('\n');
        out.flush();
    }
}
