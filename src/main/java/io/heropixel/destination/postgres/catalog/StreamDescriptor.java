package io.heropixel.destination.postgres.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A stream's identity as the protocol names it. An empty namespace is normalised to null, since the
 * protocol treats null and "" alike (both mean the destination's default schema).
 */
public record StreamDescriptor(String namespace, String name) {
    public StreamDescriptor {
        requireNonNull(name, "name is null");
        if (namespace != null && namespace.isEmpty()) {
            namespace = null;
        }
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "." + name;
    }
}
