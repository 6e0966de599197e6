package io.heropixel.destination.postgres.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command demo: starts an embedded Postgres, runs real syncs through the {@code write} command,
 * reports the tables, and keeps the server up for {@code psql} until Ctrl-C.
 */
public final class DemoRun {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);

    /** Runs {@code write --config c --catalog k} with {@code messages} as stdin; returns the exit code. */
    @FunctionalInterface
    public interface WriteInvoker {
        int write(Path config, Path catalog, Path messages);
    }

    /**
     * @param port the server port, 0 for any free port
     * @param records records per stream and sync of the sample data
     * @param keepRunning keep the server up after the report, until Ctrl-C
     * @param userConfig optional config whose settings (schema, raw_data_schema, ...) are used; its
     *     connection settings are replaced by the embedded server's
     * @param userCatalog optional catalog to load instead of the sample streams (with userMessages)
     * @param userMessages optional messages file
     */
    public record Options(
            int port, int records, boolean keepRunning, Path userConfig, Path userCatalog, Path userMessages) {}

    private DemoRun() {}

    public static int run(Options options, WriteInvoker invoker)
            throws IOException, SQLException, InterruptedException {
        if ((options.userCatalog() == null) != (options.userMessages() == null)) {
            throw new ConfigException(
                    "Give both --catalog and --messages to load your own data, or neither for" + " the sample data.");
        }
        Path work = Files.createTempDirectory("heropixel-demo-");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pgdata"));
        if (options.port() > 0) {
            builder.setPort(options.port());
        }
        text("Starting an embedded Postgres server (first run unpacks the binaries) ...");
        EmbeddedPostgres server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server, work)));
        ObjectNode config = config(options.userConfig(), server.getPort());
        Path configFile = work.resolve("config.json");
        Files.writeString(configFile, ProtocolJson.mapper().writeValueAsString(config));

        int exit = options.userCatalog() != null
                ? sync(invoker, configFile, options.userCatalog(), options.userMessages(), "your data")
                : sampleSyncs(invoker, configFile, work, options.records());
        if (exit != 0) {
            text("The sync failed (exit code " + exit + "); the log above says why.");
            return exit;
        }
        List<String> schemas = List.of(
                DemoData.NAMESPACE,
                config.path("schema").asText("public"),
                config.path("raw_data_schema").asText("airbyte_internal"));
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            text("Tables created:" + DemoReport.describe(connection, schemas));
        }
        String url = "postgresql://postgres@localhost:" + server.getPort() + "/postgres";
        text("Open the database with:  psql \"" + url + "\"   (JDBC: jdbc:" + url.replace("postgres@", "")
                + "?user=postgres)");
        if (options.keepRunning()) {
            text("The server keeps running until you press Ctrl-C.");
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private static int sampleSyncs(WriteInvoker invoker, Path configFile, Path work, int records) throws IOException {
        for (int sync = 1; sync <= 2; sync++) {
            Path catalog = work.resolve("catalog" + sync + ".json");
            Files.writeString(catalog, ProtocolJson.mapper().writeValueAsString(DemoData.catalog(sync, sync)));
            Path messages = work.resolve("messages" + sync + ".jsonl");
            DemoData.writeMessages(messages, sync, records);
            int exit = sync(invoker, configFile, catalog, messages, "sample sync " + sync + " of 2");
            if (exit != 0) {
                return exit;
            }
        }
        return 0;
    }

    private static int sync(WriteInvoker invoker, Path config, Path catalog, Path messages, String label) {
        text("Running " + label + ": write --config " + config + " --catalog " + catalog + " < " + messages);
        long start = System.nanoTime();
        int exit = invoker.write(config, catalog, messages);
        text(String.format(
                "  %s finished in %.1f s with exit code %d", label, (System.nanoTime() - start) / 1e9, exit));
        return exit;
    }

    private static ObjectNode config(Path userConfig, int port) throws IOException {
        ObjectNode config;
        if (userConfig != null) {
            JsonNode node = ProtocolJson.mapper().readTree(userConfig.toFile());
            if (!(node instanceof ObjectNode object)) {
                throw new ConfigException("The config file " + userConfig + " must hold a JSON object.");
            }
            config = object;
        } else {
            config = ProtocolJson.mapper().createObjectNode();
            config.put("schema", "public");
        }
        config.put("host", "localhost");
        config.put("port", port);
        config.put("database", "postgres");
        config.put("username", "postgres");
        config.remove("password");
        config.put("ssl", false);
        config.putObject("ssl_mode").put("mode", "disable");
        config.putObject("tunnel_method").put("tunnel_method", "NO_TUNNEL");
        return config;
    }

    private static void text(String line) {
        ProtocolWriter.writeText(line);
    }

    private static void close(EmbeddedPostgres server, Path work) {
        try {
            server.close();
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            LOG.warn("Could not stop the demo server cleanly: {}", e.getMessage());
        } catch (UncheckedIOException e) {
            LOG.warn("Could not remove the demo files in {}: {}", work, e.getMessage());
        }
    }
}
