package io.heropixel.destination.postgres.naming;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.ConfiguredStream;
import io.heropixel.destination.postgres.config.DestinationConfig;
import java.util.Comparator;

/**
 * A stream as the table registry knows it: the namespace it is written to as the catalog gives it (the
 * first entry of {@code schema} when the stream has none) and its name, neither normalised.
 */
public record StreamKey(String namespace, String name) implements Comparable<StreamKey> {
    private static final Comparator<StreamKey> ORDER =
            Comparator.comparing(StreamKey::namespace).thenComparing(StreamKey::name);

    public StreamKey {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(name, "name is null");
    }

    public static StreamKey of(ConfiguredStream stream, DestinationConfig config) {
        String namespace = stream.descriptor().namespace();
        return new StreamKey(
                namespace == null ? config.defaultSchema() : namespace,
                stream.descriptor().name());
    }

    @Override
    public int compareTo(StreamKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "." + name;
    }
}
