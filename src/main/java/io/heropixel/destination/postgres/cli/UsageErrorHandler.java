package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.error.FailureType;
import io.heropixel.destination.postgres.protocol.Messages;
import io.heropixel.destination.postgres.protocol.ProtocolWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A bad command line: the usage on stderr, a config_error TRACE on stdout, exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {
    static final int USAGE_EXIT_CODE = 2;

    private final ProtocolWriter protocol;

    UsageErrorHandler(ProtocolWriter protocol) {
        this.protocol = protocol;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println(e.getMessage());
        commandLine.usage(commandLine.getErr());
        protocol.write(Messages.errorTrace(
                FailureType.CONFIG,
                "Invalid command line: " + e.getMessage() + " Run with --help to see the commands and options.",
                e.getMessage(),
                null));
        return USAGE_EXIT_CODE;
    }
}
