package io.heropixel.destination.postgres.bench;

import static java.util.Objects.requireNonNull;

/** One top-level property of a generated stream. */
record Column(String name, ColumnKind kind) {
    Column {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
    }

    /** The JSON key as a SQL string literal (names are generated, plain ASCII). */
    String literal() {
        return "'" + name.replace("'", "''") + "'";
    }
}
