package io.heropixel.destination.postgres.cli;

import io.heropixel.destination.postgres.config.ConnectorVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"destination-postgres " + ConnectorVersion.version()};
    }
}
