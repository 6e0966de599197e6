package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.StrictEncryption;
import io.heropixel.destination.postgres.error.Secrets;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
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
     * Runs one command on the process's stdin, stdout and stderr and returns its exit code. picocli's own
     * output (help, usage errors) goes to stderr; stdout carries protocol messages only.
     */
    public static int execute(String[] args) {
        return execute(
                args,
                new FileInputStream(FileDescriptor.in),
                new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err));
    }

    /**
     * As {@link #execute(String[])}, in-process: the command reads {@code stdin}, writes its protocol
     * messages to {@code stdout} and picocli's help and usage text to {@code stderr} (logs still go to
     * the process's stderr).
     */
    public static int execute(String[] args, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        Secrets secrets = new Secrets();
        ProtocolWriter protocol = new ProtocolWriter(stdout, secrets);
        return commandLine(err, stdin, protocol, secrets)
                .execute(normalise(args).toArray(String[]::new));
    }

    static CommandLine commandLine(PrintWriter stderr, InputStream stdin, ProtocolWriter protocol, Secrets secrets) {
        RootCommand root = new RootCommand();
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(stderr);
        commandLine.setErr(stderr);
        commandLine.setExecutionExceptionHandler(new FailureHandler(protocol, secrets));
        commandLine.setParameterExceptionHandler(new UsageErrorHandler(protocol));
        commandLine.setExecutionStrategy(parsed -> {
            // the global options are parsed (wherever they were given): apply them before any command runs
            applyLogLevel(root.logLevel);
            root.context = new RunContext(stdin, protocol, secrets, StrictEncryption.enabled(root.strictEncrypt));
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine;
    }

    /**
     * Accepts the legacy {@code --spec/--check/--write} forms: the first argument that is not a global
     * option ({@code --strict-encrypt}, {@code --log-level}) becomes the command of that name. Everything
     * else is parsed by picocli.
     */
    static List<String> normalise(String[] args) {
        List<String> result = new ArrayList<>(List.of(args));
        for (int i = 0; i < result.size(); i++) {
            String arg = result.get(i);
            if (arg.equals(RootCommand.LOG_LEVEL_OPTION)) {
                i++; // its value
            } else if (!arg.equals(RootCommand.STRICT_ENCRYPT_OPTION)
                    && !arg.startsWith(RootCommand.LOG_LEVEL_OPTION + "=")) {
                if (LEGACY_COMMANDS.containsKey(arg)) {
                    result.set(i, LEGACY_COMMANDS.get(arg));
                }
                break;
            }
        }
        return result;
    }

    /**
     * Sets slf4j-simple's default level from {@code --log-level}, else from {@value #LOG_LEVEL_VARIABLE}.
     * slf4j-simple reads it when the first logger is created, which is after argument parsing (command
     * classes therefore create no logger when picocli instantiates them).
     */
    private static void applyLogLevel(String option) {
        String logLevel = option != null ? option : System.getenv(LOG_LEVEL_VARIABLE);
        if (logLevel != null && !logLevel.isBlank()) {
            System.setProperty(
                    "org.slf4j.simpleLogger.defaultLogLevel", logLevel.trim().toLowerCase(Locale.ROOT));
        }
    }
}
