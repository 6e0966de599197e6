package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.connection.ConnectionCheck;
import io.heropixel.destination.postgres.connection.ConnectionFactory;
import io.heropixel.destination.postgres.connection.ServerReport;
import io.heropixel.destination.postgres.error.ClassifiedError;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.FailureType;
import io.heropixel.destination.postgres.error.LoginContext;
import io.heropixel.destination.postgres.protocol.Messages;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: one CONNECTION_STATUS. A problem the user can fix (config, password, privilege,
 * network) is FAILED with a plain message, a config_error TRACE and exit code 0; a connector bug is a
 * system_error TRACE and a non-zero exit.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check the config: connect (through the SSH tunnel if configured), create the default and raw"
                    + " schemas if missing, create a test table, COPY one row into it, read it back and drop it.",
            "Prints one CONNECTION_STATUS message; when the check passes, its message says what was found:"
                    + " server version, TLS in use or not, connection pooler (and its mode), Citus."
        })
public final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Path of the config JSON file.")
    Path config;

    @Override
    public Integer call() {
        RunContext run = root.context();
        LoginContext login = LoginContext.UNKNOWN;
        try {
            DestinationConfig resolved =
                    ConfigResolver.resolve(JsonFiles.read(config, "config"), run.strictEncryption(), run.secrets());
            login = new LoginContext(resolved.host(), resolved.port(), resolved.database(), resolved.username());
            ServerReport report;
            try (ConnectionFactory factory = new ConnectionFactory(resolved)) {
                report = new ConnectionCheck(factory).run();
            }
            run.protocol().write(Messages.connectionStatus(true, report.describe()));
            return 0;
        } catch (Exception | LinkageError failure) {
            ClassifiedError error =
                    new ErrorClassifier(ErrorClassifier.Phase.CHECK, login, run.secrets()).classify(failure);
            int exitCode = new ErrorReporter(run.protocol(), run.secrets()).report(error, failure);
            if (error.type() == FailureType.SYSTEM) {
                return exitCode;
            }
            run.protocol().write(Messages.connectionStatus(false, error.message()));
            return 0;
        }
    }
}
