package io.heropixel.destination.postgres.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The result of one connector run: exit code, stdout lines parsed as protocol messages, and stderr.
 * {@link #inProcess} and {@link #inProcessWrite} call {@code Main.execute}; {@link #subprocess} and
 * {@link #subprocessWrite} start a real JVM (real stdout and stderr, see {@link ConnectorProcess}).
 */
public record ConnectorRun(int exitCode, List<JsonNode> messages, String stdout, String stderr) {

    public static ConnectorRun inProcess(String... args) {
        return inProcess(null, args);
    }

    /** Runs {@code write} in this JVM with the given bytes as its stdin. */
    public static ConnectorRun inProcessWrite(JsonNode config, JsonNode catalog, byte[] stdin) {
        return inProcess(new ByteArrayInputStream(stdin), writeArgs(config, catalog));
    }

    /** Runs {@code write} in this JVM with the given text (UTF-8) as its stdin. */
    public static ConnectorRun inProcessWrite(JsonNode config, JsonNode catalog, String stdin) {
        return inProcessWrite(config, catalog, stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectorRun inProcess(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = execute(stdin, out, err, args);
        return of(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Calls {@code Main.execute} in this JVM with stdin ({@code null} = an empty one), the protocol stdout
     * and picocli's stderr given; returns the exit code.
     */
    public static int execute(InputStream stdin, OutputStream stdout, OutputStream stderr, String... args) {
        return Main.execute(args, stdin == null ? InputStream.nullInputStream() : stdin, stdout, stderr);
    }

    /** The arguments {@code write --config <temp file> --catalog <temp file>}. */
    public static String[] writeArgs(JsonNode config, JsonNode catalog) {
        return new String[] {"write", "--config", tempJson(config), "--catalog", tempJson(catalog)};
    }

    public static ConnectorRun subprocess(List<String> environment, String... args) {
        return subprocess(environment, null, args);
    }

    /** Runs {@code write} in a new JVM with the given text (UTF-8) as its stdin. */
    public static ConnectorRun subprocessWrite(JsonNode config, JsonNode catalog, String stdin) {
        return subprocess(List.of(), stdin, writeArgs(config, catalog));
    }

    private static ConnectorRun subprocess(List<String> environment, String stdin, String... args) {
        try {
            Path out = Files.createTempFile("connector-out", ".txt");
            Path err = Files.createTempFile("connector-err", ".txt");
            Path in = Files.createTempFile("connector-in", ".jsonl");
            try {
                ProcessBuilder builder = new ProcessBuilder(ConnectorProcess.command(ConnectorProcess.SHORT_RUN, args))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                if (stdin == null) {
                    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
                } else {
                    Files.writeString(in, stdin);
                    builder.redirectInput(in.toFile());
                }
                for (String pair : environment) {
                    int eq = pair.indexOf('=');
                    builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The connector process did not finish: " + Files.readString(err));
                }
                return of(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ConnectorRun of(int exitCode, String stdout, String stderr) {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                messages.add(ProtocolJson.mapper().readTree(line));
            } catch (JsonProcessingException e) {
                throw new AssertionError("stdout line is not a JSON message: " + line, e);
            }
        }
        return new ConnectorRun(exitCode, messages, stdout, stderr);
    }

    /** Messages of one type ("SPEC", "CONNECTION_STATUS", "TRACE", ...). */
    public List<JsonNode> ofType(String type) {
        return messages.stream()
                .filter(m -> type.equals(m.path("type").asText()))
                .toList();
    }

    /** The single CONNECTION_STATUS payload. */
    public JsonNode connectionStatus() {
        List<JsonNode> statuses = ofType("CONNECTION_STATUS");
        if (statuses.size() != 1) {
            throw new AssertionError("expected one CONNECTION_STATUS, got: " + stdout + "\nstderr: " + stderr);
        }
        return statuses.get(0).path("connectionStatus");
    }

    /** The error payloads of the TRACE messages. */
    public List<JsonNode> errorTraces() {
        return ofType("TRACE").stream().map(m -> m.path("trace").path("error")).toList();
    }

    /** Writes JSON to a temp file (deleted at JVM exit) and returns its path, for --config/--catalog. */
    public static String tempJson(JsonNode json) {
        try {
            Path file = Files.createTempFile("connector-test", ".json");
            file.toFile().deleteOnExit();
            Files.writeString(file, ProtocolJson.mapper().writeValueAsString(json));
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
