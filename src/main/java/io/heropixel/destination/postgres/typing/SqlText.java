package io.heropixel.destination.postgres.typing;

import java.util.ArrayList;
import java.util.List;

/** Builds SQL text and its bind parameters together, so placeholders and values stay in the same order. */
final class SqlText {
    private final StringBuilder sql = new StringBuilder();
    private final List<String> parameters = new ArrayList<>();

    SqlText add(String text) {
        sql.append(text);
        return this;
    }

    /** A text bind parameter ({@code ?::text}). */
    SqlText param(String value) {
        sql.append("?::text");
        parameters.add(value);
        return this;
    }

    SqlText add(SqlText other) {
        sql.append(other.sql);
        parameters.addAll(other.parameters);
        return this;
    }

    /** Appends the parts separated by {@code separator}. */
    SqlText join(String separator, List<SqlText> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(separator);
            }
            add(parts.get(i));
        }
        return this;
    }

    BoundSql bound() {
        return new BoundSql(sql.toString(), parameters);
    }
}
