package io.heropixel.destination.postgres.sql;

import static java.util.Objects.requireNonNull;

/** A schema-qualified table name. */
public record QualifiedName(Identifier schema, Identifier table) {
    public QualifiedName {
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
    }

    public static QualifiedName of(String schema, String table) {
        return new QualifiedName(Identifier.of(schema), Identifier.of(table));
    }

    public String quoted() {
        return schema.quoted() + "." + table.quoted();
    }

    @Override
    public String toString() {
        return quoted();
    }
}
