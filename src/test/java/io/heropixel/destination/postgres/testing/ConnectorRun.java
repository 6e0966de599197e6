package io.heropixel.destination.postgres.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The result of one connector run: exit code, stdout lines parsed as protocol messages, and stderr.
 * {@link #inProcess} calls {@code Main.execute}; {@link #subprocess} starts a real JVM (real stdout and
 * stderr) with the test class path.
 */
public record ConnectorRun(int exitCode, List<JsonNode> messages, String stdout, String stderr) {

    public static synchronized ConnectorRun inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = ProtocolWriter.redirect(out);
        int exitCode;
        try {
            exitCode = Main.execute(args, err);
        } finally {
            ProtocolWriter.redirect(previous);
        }
        return of(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static ConnectorRun subprocess(List<String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.heropixel.destination.postgres.cli.Main"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("connector-out", ".txt");
            Path err = Files.createTempFile("connector-err", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                for (String pair : environment) {
                    int eq = pair.indexOf('=');
                    builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("The connector process did not finish");
                }
                return of(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
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
