package io.heropixel.destination.postgres.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heropixel.destination.postgres.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The SPEC payload: the one copy lives in the resource {@code /spec.json}. */
public final class ConnectorSpec {
    private static final String RESOURCE = "/spec.json";

    private ConnectorSpec() {}

    /** The full spec (a fresh copy each call). */
    public static ObjectNode load() {
        try (InputStream in = ConnectorSpec.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + RESOURCE + " is missing from the build");
            }
            return (ObjectNode) ProtocolJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    /**
     * The spec as shown in strict encryption mode: without the {@code ssl} switch (a config without it
     * means SSL on), like the reference connector's strict-encrypt variant.
     */
    public static ObjectNode load(boolean strictEncryption) {
        ObjectNode spec = load();
        if (strictEncryption) {
            ((ObjectNode) spec.path("connectionSpecification").path("properties")).remove("ssl");
        }
        return spec;
    }

    /** The {@code connectionSpecification.properties} object. */
    public static ObjectNode properties() {
        return (ObjectNode) load().path("connectionSpecification").path("properties");
    }
}
