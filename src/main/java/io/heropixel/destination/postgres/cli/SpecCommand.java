package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.ConnectorSpec;
import io.heropixel.destination.postgres.config.StrictEncryption;
import io.heropixel.destination.postgres.protocol.Messages;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
        name = "spec",
        mixinStandardHelpOptions = true,
        description = "Print the connector specification (one SPEC message: every config key, its type and default).")
public final class SpecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        ProtocolWriter.write(Messages.spec(ConnectorSpec.load(StrictEncryption.enabled())));
        return 0;
    }
}
