package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.ConnectorSpec;
import io.heropixel.destination.postgres.protocol.Messages;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "spec",
        mixinStandardHelpOptions = true,
        description = "Print the connector specification (one SPEC message: every config key, its type and default).")
public final class SpecCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() {
        RunContext run = root.context();
        run.protocol().write(Messages.spec(ConnectorSpec.load(run.strictEncryption())));
        return 0;
    }
}
