package io.heropixel.destination.postgres.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** SQL text with {@code ?} placeholders and the text values to bind to them, in order. */
public record BoundSql(String sql, List<String> parameters) {
    public BoundSql {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(parameters);
    }
}
