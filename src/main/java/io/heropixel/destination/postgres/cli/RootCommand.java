package io.heropixel.destination.postgres.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
        name = "destination-postgres",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A Postgres destination for the Airbyte protocol.",
            "stdout carries only protocol messages (one JSON per line); logs go to stderr.",
            "",
            "Strict encryption mode (environment variable DESTINATION_POSTGRES_STRICT_ENCRYPT=true or"
                    + " --strict-encrypt) refuses ssl_mode disable, allow and prefer unless an SSH tunnel is used."
        },
        subcommands = {SpecCommand.class, CheckCommand.class, WriteCommand.class, DemoCommand.class, HelpCommand.class},
        footer = {"", "The legacy forms --spec, --check and --write are accepted too."})
public final class RootCommand implements Runnable {
    static final String STRICT_ENCRYPT_OPTION = "--strict-encrypt";
    static final String LOG_LEVEL_OPTION = "--log-level";

    // Global options: picocli accepts them before or after the command and sets them here.
    @Option(
            names = STRICT_ENCRYPT_OPTION,
            scope = ScopeType.INHERIT,
            description = "Strict encryption mode: only require, verify-ca and verify-full SSL modes (or an SSH"
                    + " tunnel). May be given anywhere on the command line.")
    boolean strictEncrypt;

    @Option(
            names = LOG_LEVEL_OPTION,
            scope = ScopeType.INHERIT,
            paramLabel = "LEVEL",
            description =
                    "Log level on stderr: error, warn, info (default), debug or trace. Also set by the"
                            + " environment variable DESTINATION_POSTGRES_LOG_LEVEL. May be given anywhere on the command line.")
    String logLevel;

    @Spec
    CommandSpec spec;

    /** Set by {@link Main} once the command line is parsed, before the command runs. */
    RunContext context;

    /** The run's context, for the subcommands. */
    RunContext context() {
        if (context == null) {
            throw new IllegalStateException("The command runs before Main created its run context");
        }
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: use spec, check or write.");
    }
}
