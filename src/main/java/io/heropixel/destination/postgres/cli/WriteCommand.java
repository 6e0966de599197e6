package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.error.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Placeholder so the root command compiles; helper "write" replaces this file. */
@Command(name = "write", mixinStandardHelpOptions = true, description = "Load the records read from stdin.")
public final class WriteCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Path of the config JSON file.")
    Path config;

    @Option(names = "--catalog", required = true, description = "Path of the configured catalog JSON file.")
    Path catalog;

    @Override
    public Integer call() {
        throw new ConfigException("The write command is not implemented yet.");
    }
}
