package io.heropixel.destination.postgres.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that starts the connector's {@code Main} in a new JVM with the test class path. */
public final class ConnectorProcess {
    /**
     * JVM options for a short connector run: the launcher's serial collector, and no optimising compiler
     * (these runs end before it would pay off; about a third less CPU for a {@code check}).
     */
    public static final List<String> SHORT_RUN = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private ConnectorProcess() {}

    /** {@code java <jvmOptions> -cp <test class path> ...cli.Main <args>}. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.heropixel.destination.postgres.cli.Main");
        command.addAll(List.of(args));
        return command;
    }

    /** The command for {@code write --config <temp file> --catalog <temp file>}. */
    public static List<String> write(List<String> jvmOptions, JsonNode config, JsonNode catalog) {
        return write(jvmOptions, config, catalog, List.of());
    }

    /** The command for {@code write --config <temp file> --catalog <temp file> <extraArgs>}. */
    public static List<String> write(
            List<String> jvmOptions, JsonNode config, JsonNode catalog, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of(ConnectorRun.writeArgs(config, catalog)));
        args.addAll(extraArgs);
        return command(jvmOptions, args.toArray(String[]::new));
    }
}
