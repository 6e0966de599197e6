package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.demo.DemoRun;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code demo}: a real sync into an embedded Postgres that the connector starts itself. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start an embedded Postgres, run two real syncs of sample data (every sync mode and type) through the"
                    + " write command, print the tables created, write a config.json for the server and print the"
                    + " check, write and psql commands that use it, then keep the server running until Ctrl-C."
                    + " The server's and the connector's logs go to a file in the demo's directory, which Ctrl-C"
                    + " removes.",
            "With --catalog and --messages (and optionally --config), load your own data the same way."
        })
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--port", description = "Port of the embedded server (default: any free port).")
    int port;

    @Option(
            names = "--records",
            defaultValue = "2000",
            description = "Sample records per stream and sync (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--stop", description = "Stop the server right after the report instead of waiting for Ctrl-C.")
    boolean stop;

    @Option(
            names = "--config",
            description = "Your config JSON; its connection settings are replaced by the embedded server's.")
    Path config;

    @Option(names = "--catalog", description = "Your configured catalog JSON (with --messages).")
    Path catalog;

    @Option(names = "--messages", description = "Your messages file, one JSON message per line (with --catalog).")
    Path messages;

    @Override
    public Integer call() throws Exception {
        return DemoRun.run(
                new DemoRun.Options(port, records, !stop, config, catalog, messages),
                DemoCommand::writeInProcess,
                root.context().protocol());
    }

    /**
     * Runs the real write command in this process (a run of its own), its stdin the messages file and its
     * protocol output (stdout) sent to {@code protocol}.
     */
    private static int writeInProcess(Path config, Path catalog, Path messages, OutputStream protocol) {
        try (InputStream in = Files.newInputStream(messages)) {
            return Main.execute(
                    new String[] {"write", "--config", config.toString(), "--catalog", catalog.toString()},
                    in,
                    protocol,
                    new FileOutputStream(FileDescriptor.err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
