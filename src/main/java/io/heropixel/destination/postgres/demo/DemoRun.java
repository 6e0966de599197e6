package io.heropixel.destination.postgres.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.error.ConfigException;
import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command demo: starts an embedded Postgres, runs real syncs through the {@code write} command,
 * reports the tables, writes a config for the server, prints the commands that use it, and keeps the server
 * up until Ctrl-C.
 */
public final class DemoRun {
    private static final String[] SAMPLE_SYNCS = {
        "every sync mode and column type, a few values that do not fit their column",
        "updates and CDC deletes of customers, products replaced, more orders and page views"
    };

    /** Runs {@code write --config c --catalog k < messages}; its stdout goes to {@code protocol}; returns the exit code. */
    @FunctionalInterface
    public interface WriteInvoker {
        int write(Path config, Path catalog, Path messages, OutputStream protocol);
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

    /** One write: its input files and what it answered. */
    private record Sync(Path catalog, Path messages, WriteOutcome outcome) {}

    private final WriteInvoker invoker;
    private final ProtocolWriter screen;

    private DemoRun(WriteInvoker invoker, ProtocolWriter screen) {
        this.invoker = invoker;
        this.screen = screen;
    }

    /** Runs the demo; what it tells the person running it goes to {@code screen} (stdout). */
    public static int run(Options options, WriteInvoker invoker, ProtocolWriter screen)
            throws IOException, SQLException, InterruptedException {
        return new DemoRun(invoker, screen).run(options);
    }

    private int run(Options options) throws IOException, SQLException, InterruptedException {
        if ((options.userCatalog() == null) != (options.userMessages() == null)) {
            throw new ConfigException(
                    "Give both --catalog and --messages to load your own data, or neither for the sample data.");
        }
        requireEmbeddedPostgres();
        DemoServer demo = DemoServer.create(screen);
        try {
            return run(options, demo);
        } catch (IOException | SQLException | RuntimeException e) {
            demo.waitIfExiting();
            demo.closeKeepingLog();
            text("The demo stopped; its log is kept in " + demo.logFile() + ".");
            throw e;
        }
    }

    /** The connector's jar does not carry the embedded server; the launcher adds target/demo-lib for the demo. */
    private static void requireEmbeddedPostgres() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, DemoRun.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException("The demo needs the embedded Postgres jars, which the connector jar does not"
                    + " carry: run ./mvnw -B -DskipTests package (it copies them to target/demo-lib) and start the"
                    + " demo with bin/destination-postgres demo.");
        }
    }

    private int run(Options options, DemoServer demo) throws IOException, SQLException, InterruptedException {
        text("Starting an embedded Postgres server (the first run unpacks its binaries) ...");
        long start = System.nanoTime();
        demo.start(options.port());
        int port = demo.server().getPort();
        text("  ready on port " + port + " in " + DemoScreen.seconds(start) + "; server and connector logs go to "
                + demo.logFile());
        ObjectNode config = config(options.userConfig(), port);
        Path configFile = demo.directory().resolve("config.json");
        Files.writeString(configFile, ProtocolJson.mapper().writeValueAsString(config));

        Sync last = options.userCatalog() != null
                ? sync(demo, configFile, options.userCatalog(), options.userMessages(), userLabel(options))
                : sampleSyncs(demo, configFile, options.records());
        if (last.outcome().exitCode() != 0) {
            demo.closeKeepingLog();
            text("The demo server is stopped; its log, with the connector's, is kept in " + demo.logFile() + ".");
            return last.outcome().exitCode();
        }
        String rawSchema =
                StreamPlanner.rawSchema(ConfigResolver.resolve(config, false)).name();
        try (Connection connection = demo.server().getPostgresDatabase().getConnection()) {
            text(DemoReport.describe(connection, rawSchema));
        }
        if (!options.keepRunning()) {
            demo.close();
            text("");
            text("Stopped the demo server and removed " + demo.directory() + " (--stop).");
            return 0;
        }
        tryIt(demo, port, configFile, last);
        new CountDownLatch(1).await();
        return 0;
    }

    private void tryIt(DemoServer demo, int port, Path configFile, Sync last) {
        text("");
        text("Try the connector on this server (its config: " + configFile + "):");
        text("  " + DemoScreen.checkCommand(configFile));
        text("  " + DemoScreen.writeCommand(configFile, last.catalog(), last.messages()));
        text("  " + DemoScreen.psqlCommand(port));
        text("");
        text("The server runs until you press Ctrl-C, which stops it and removes " + demo.directory() + ".");
    }

    private static String userLabel(Options options) {
        return "Loading your data (" + options.userMessages().getFileName() + ", streams of "
                + options.userCatalog().getFileName() + ")";
    }

    private Sync sampleSyncs(DemoServer demo, Path configFile, int records) throws IOException, InterruptedException {
        Path directory = demo.directory();
        Sync sync = null;
        for (int number = 1; number <= SAMPLE_SYNCS.length; number++) {
            Path catalog = directory.resolve("catalog" + number + ".json");
            Files.writeString(catalog, ProtocolJson.mapper().writeValueAsString(DemoCatalog.catalog(number, number)));
            Path messages = directory.resolve("messages" + number + ".jsonl");
            DemoData.writeMessages(messages, number, records);
            String label = "Loading sample sync " + number + " of " + SAMPLE_SYNCS.length + " (4 streams, " + records
                    + " records each: " + SAMPLE_SYNCS[number - 1] + ")";
            sync = sync(demo, configFile, catalog, messages, label);
            if (sync.outcome().exitCode() != 0) {
                break;
            }
        }
        return sync;
    }

    private Sync sync(DemoServer demo, Path config, Path catalog, Path messages, String label)
            throws InterruptedException {
        text(label + " ...");
        long start = System.nanoTime();
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        int exit = invoker.write(config, catalog, messages, protocol);
        demo.waitIfExiting();
        WriteOutcome outcome = WriteOutcome.of(exit, protocol.toString(StandardCharsets.UTF_8));
        if (exit == 0) {
            text("  done in " + DemoScreen.seconds(start) + ", " + outcome.states()
                    + (outcome.states() == 1 ? " state" : " states") + " acknowledged");
        } else {
            text("  failed (exit code " + exit + "): " + outcome.error());
        }
        return new Sync(catalog, messages, outcome);
    }

    private void text(String line) {
        screen.writeText(line);
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
}
