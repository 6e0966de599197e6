package io.heropixel.destination.postgres.sql;

import java.util.ArrayList;
import java.util.List;

/** Builds SQL text and its bind parameters together, so placeholders and values stay in the same order. */
public final class SqlText {
    private final StringBuilder sql = new StringBuilder();
    private final List<String> parameters = new ArrayList<>();

    public SqlText add(String text) {
        sql.append(text);
        return this;
    }

    /** A text bind parameter ({@code ?::text}). */
    public SqlText param(String value) {
        sql.append("?::text");
        parameters.add(value);
        return this;
    }

    public SqlText add(SqlText other) {
        sql.append(other.sql);
        parameters.addAll(other.parameters);
        return this;
    }

    /** Appends the parts separated by {@code separator}. */
    public SqlText join(String separator, List<SqlText> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                sql.append(separator);
            }
            add(parts.get(i));
        }
        return this;
    }

    public BoundSql bound() {
        return new BoundSql(sql.toString(), parameters);
    }
}
