package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what exists in the database: schemas and the columns of a table with their SQL types. */
final class TableInspector {
    private final SqlGenerator sql;

    TableInspector(SqlGenerator sql) {
        this.sql = sql;
    }

    boolean schemaExists(Connection c, Identifier schema) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.schemaExistsSql())) {
            ps.setString(1, schema.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Column name to {@code format_type} text, in column order; empty when the table does not exist. */
    Map<String, String> columns(Connection c, QualifiedName table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql.columnTypesSql())) {
            ps.setString(1, table.schema().name());
            ps.setString(2, table.table().name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    /** The plan's columns as they exist in the table (prepareFinalTable must have run). */
    List<TypedColumn> typedColumns(Connection c, QualifiedName table, List<ColumnPlan> plan) throws SQLException {
        Map<String, String> existing = columns(c, table);
        if (existing.isEmpty()) {
            throw new IllegalStateException("The final table " + table + " does not exist; prepare it first.");
        }
        List<TypedColumn> typed = new ArrayList<>();
        for (ColumnPlan column : plan) {
            String sqlType = existing.get(column.column().name());
            if (sqlType == null) {
                throw new IllegalStateException(
                        "The final table " + table + " has no column " + column.column() + "; prepare it first.");
            }
            typed.add(new TypedColumn(column, ColumnTypes.extraction(column.type(), sqlType), sqlType));
        }
        return typed;
    }
}
