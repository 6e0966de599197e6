package io.heropixel.destination.postgres.error;

/** The user must change the configuration, the catalog, the input or a privilege. */
public class ConfigException extends ConnectorException {
    public ConfigException(String message) {
        super(FailureType.CONFIG, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(FailureType.CONFIG, message, cause);
    }
}
