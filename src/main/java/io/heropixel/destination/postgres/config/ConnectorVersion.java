package io.heropixel.destination.postgres.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The connector version, from the build (resource {@code /connector-version.properties}). */
public final class ConnectorVersion {
    private static final String VERSION = load();

    public static String version() {
        return VERSION;
    }

    private ConnectorVersion() {}

    private static String load() {
        String fromManifest = ConnectorVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = ConnectorVersion.class.getResourceAsStream("/connector-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
