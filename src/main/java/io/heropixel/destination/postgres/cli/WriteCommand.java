package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.catalog.CatalogParser;
import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.catalog.StreamPlan;
import io.heropixel.destination.postgres.config.ConfigResolver;
import io.heropixel.destination.postgres.config.DestinationConfig;
import io.heropixel.destination.postgres.connection.ConnectRetry;
import io.heropixel.destination.postgres.connection.ConnectionFactory;
import io.heropixel.destination.postgres.connection.ServerReport;
import io.heropixel.destination.postgres.error.ErrorClassifier;
import io.heropixel.destination.postgres.error.LoginContext;
import io.heropixel.destination.postgres.load.LoadFailedException;
import io.heropixel.destination.postgres.load.LoadSettings;
import io.heropixel.destination.postgres.naming.StreamRegistry;
import io.heropixel.destination.postgres.sync.TypingOperations;
import io.heropixel.destination.postgres.sync.WriteOperation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code write}: loads the RECORDs read from stdin, echoes each STATE once its records are committed,
 * types and finalises every stream. Failures are reported by {@link FailureHandler} as one TRACE error
 * with a non-zero exit code.
 */
@Command(
        name = "write",
        mixinStandardHelpOptions = true,
        description = {
            "Load the Airbyte messages read from stdin (one JSON message per line) into Postgres.",
            "Prints each STATE once the records before it are committed, and TRACE errors."
        })
public final class WriteCommand implements Callable<Integer>, FailureHandler.ClassifiesFailures {
    @ParentCommand
    RootCommand root;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Path of the config JSON file.")
    Path config;

    @Option(
            names = "--catalog",
            required = true,
            paramLabel = "FILE",
            description = "Path of the configured catalog JSON file.")
    Path catalog;

    @Option(
            names = "--typing-interval-seconds",
            paramLabel = "SECONDS",
            description = "During long syncs, type the loaded rows at least this often (default: 300).")
    long typingIntervalSeconds = 300;

    /**
     * Hidden, for tests: the wait before the second try when connecting fails with a "not now" error (it
     * doubles for each further try, {@link ConnectRetry#forWrite}). Tests of a server that stays down set
     * it small so they do not sit through the retries.
     */
    @Option(names = "--connect-retry-delay-millis", hidden = true, paramLabel = "MILLIS")
    long connectRetryDelayMillis = 1000; // a literal: naming ConnectRetry here would create its logger too early

    private volatile LoginContext login = LoginContext.UNKNOWN;

    @Override
    public Integer call() throws Exception {
        RunContext run = root.context();
        DestinationConfig resolved =
                ConfigResolver.resolve(JsonFiles.read(config, "config"), run.strictEncryption(), run.secrets());
        login = new LoginContext(resolved.host(), resolved.port(), resolved.database(), resolved.username());
        List<ConfiguredStream> streams =
                CatalogParser.parse(JsonFiles.read(catalog, "catalog"), resolved.defaultSchema());
        try (ConnectionFactory factory = new ConnectionFactory(resolved)) {
            ConnectRetry connections = ConnectRetry.forWrite(factory::open, Duration.ofMillis(connectRetryDelayMillis));
            try (Connection first = connections.open()) {
                // not a static logger: picocli creates this command before --log-level is applied
                Logger log = LoggerFactory.getLogger(WriteCommand.class);
                log.info("Destination: {}", ServerReport.inspect(factory, first).describe());
            }
            List<StreamPlan> plans = plans(connections, streams, resolved);
            LoadSettings settings =
                    LoadSettings.defaults(plans.size()).withTypingInterval(Duration.ofSeconds(typingIntervalSeconds));
            WriteOperation operation = new WriteOperation(
                    run.protocol(),
                    connections::open,
                    plans,
                    new TypingOperations(resolved),
                    !resolved.disableTypeDedupe(),
                    resolved.dropCascade(),
                    settings);
            operation.run(run.stdin());
        }
        return 0;
    }

    /** The streams' tables, as the table registry gives them (registering new streams). */
    private static List<StreamPlan> plans(
            ConnectRetry connections, List<ConfiguredStream> streams, DestinationConfig config) throws Exception {
        try (Connection connection = connections.open()) {
            return StreamRegistry.resolve(connection, streams, config);
        } catch (SQLException e) {
            throw LoadFailedException.of("reading and updating the table registry " + StreamRegistry.table(config), e);
        }
    }

    @Override
    public ErrorClassifier classifier() {
        return new ErrorClassifier(
                ErrorClassifier.Phase.WRITE, login, root.context().secrets());
    }
}
