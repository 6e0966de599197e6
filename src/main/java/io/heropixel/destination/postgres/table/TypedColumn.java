package io.heropixel.destination.postgres.table;

import static java.util.Objects.requireNonNull;

import io.heropixel.destination.postgres.catalog.AirbyteType;
import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.Identifier;

/**
 * A final-table column as it is in the database: the plan's column, how values are extracted for it
 * ({@code type}: the plan's type, or the existing column's when that one was kept because changing it
 * would narrow it) and its SQL type as {@code format_type} renders it.
 */
public record TypedColumn(ColumnPlan plan, AirbyteType type, String sqlType) {
    public TypedColumn {
        requireNonNull(plan, "plan is null");
        requireNonNull(type, "type is null");
        requireNonNull(sqlType, "sqlType is null");
    }

    public Identifier column() {
        return plan.column();
    }

    public String originalName() {
        return plan.originalName();
    }
}
