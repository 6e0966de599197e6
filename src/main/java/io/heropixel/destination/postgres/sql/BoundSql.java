package io.heropixel.destination.postgres.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** SQL text with {@code ?} placeholders and the text values to bind to them, in order. */
public record BoundSql(String sql, List<String> parameters) {
    public BoundSql {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(parameters);
    }

    /**
     * {@code before ?::text after} with {@code value} bound to its one placeholder, as {@link SqlText#param}
     * writes it (typically a function called on a quoted name).
     */
    public static BoundSql around(String before, String value, String after) {
        return new BoundSql(before + "?::text" + after, List.of(requireNonNull(value, "value is null")));
    }
}
