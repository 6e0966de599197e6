package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.StrictEncryption;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** Entry point: {@code spec}, {@code check --config}, {@code write --config --catalog}. */
public final class Main {
    private static final Map<String, String> LEGACY_COMMANDS =
            Map.of("--spec", "spec", "--check", "check", "--write", "write");

    /** Environment variable with the log level (error, warn, info, debug, trace); --log-level wins. */
    public static final String LOG_LEVEL_VARIABLE = "DESTINATION_POSTGRES_LOG_LEVEL";

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs one command in-process and returns its exit code. picocli's own output (help, usage errors)
     * goes to stderr; stdout carries protocol messages only.
     */
    public static int execute(String[] args) {
        return execute(args, new FileOutputStream(FileDescriptor.err));
    }

    /** As {@link #execute(String[])}, with picocli's help and usage text sent to {@code stderr}. */
    public static int execute(String[] args, OutputStream stderr) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        return commandLine(err).execute(normalise(args).toArray(String[]::new));
    }

    static CommandLine commandLine(PrintWriter stderr) {
        CommandLine commandLine = new CommandLine(new RootCommand());
        commandLine.setOut(stderr);
        commandLine.setErr(stderr);
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        return commandLine;
    }

    /**
     * Accepts the legacy {@code --spec/--check/--write} forms and takes out the global
     * {@code --strict-encrypt} flag wherever it appears (it is process-wide, like its environment variable).
     */
    static List<String> normalise(String[] args) {
        List<String> result = new ArrayList<>();
        boolean strict = false;
        String logLevel = System.getenv(LOG_LEVEL_VARIABLE);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--strict-encrypt")) {
                strict = true;
            } else if (arg.startsWith("--log-level=")) {
                logLevel = arg.substring("--log-level=".length());
            } else if (arg.equals("--log-level") && i + 1 < args.length) {
                logLevel = args[++i];
            } else if (result.isEmpty() && LEGACY_COMMANDS.containsKey(arg)) {
                result.add(LEGACY_COMMANDS.get(arg));
            } else {
                result.add(arg);
            }
        }
        StrictEncryption.setFlag(strict);
        if (logLevel != null && !logLevel.isBlank()) {
            // slf4j-simple reads this when the first logger is created, which is after argument parsing.
            System.setProperty(
                    "org.slf4j.simpleLogger.defaultLogLevel", logLevel.trim().toLowerCase(Locale.ROOT));
        }
        return result;
    }
}
