package io.heropixel.destination.postgres.sql;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * A Postgres identifier as it is stored in the catalog (case preserved). It renders itself quoted, so
 * no name from the input is ever interpolated into SQL unquoted.
 */
public record Identifier(String name) {
    /** Postgres' NAMEDATALEN - 1: identifiers longer than this many bytes are truncated by the server. */
    public static final int MAX_BYTES = 63;

    public Identifier {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An identifier cannot contain a NUL character");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("Identifier longer than " + MAX_BYTES + " bytes: " + name);
        }
    }

    public static Identifier of(String name) {
        return new Identifier(name);
    }

    /** The name in double quotes, embedded quotes doubled. */
    public String quoted() {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return quoted();
    }
}
