package io.heropixel.destination.postgres.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.heropixel.destination.postgres.cli.Main;
import io.heropixel.destination.postgres.cli.WriteCommand;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.heropixel.destination.postgres.testing.ConnectorRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@code write} through {@code Main.execute} in the test JVM with the given stdin bytes. */
public final class InProcessWrite {
    private InProcessWrite() {}

    public static ConnectorRun run(JsonNode config, JsonNode catalog, byte[] stdin) {
        synchronized (ConnectorRun.class) {
            InputStream previousIn = WriteCommand.redirectInput(new ByteArrayInputStream(stdin));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream previous = ProtocolWriter.redirect(out);
            int exitCode;
            try {
                exitCode = Main.execute(
                        new String[] {
                            "write",
                            "--config",
                            ConnectorRun.tempJson(config),
                            "--catalog",
                            ConnectorRun.tempJson(catalog)
                        },
                        err);
            } finally {
                ProtocolWriter.redirect(previous);
                WriteCommand.redirectInput(previousIn);
            }
            String stdout = out.toString(StandardCharsets.UTF_8);
            List<JsonNode> messages = stdout.lines()
                    .filter(l -> !l.isEmpty())
                    .map(InProcessWrite::parse)
                    .toList();
            return new ConnectorRun(exitCode, messages, stdout, err.toString(StandardCharsets.UTF_8));
        }
    }

    public static ConnectorRun run(JsonNode config, JsonNode catalog, String stdin) {
        return run(config, catalog, stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(String line) {
        try {
            return ProtocolJson.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("stdout line is not JSON: " + line, e);
        }
    }
}
