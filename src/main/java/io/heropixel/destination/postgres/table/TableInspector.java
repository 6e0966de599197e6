package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.BoundSql;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import io.heropixel.destination.postgres.sql.StatementFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what exists in the database: tables, the columns of a table with their SQL types, row generations. */
public final class TableInspector {
    /** The generation of a row without one (a table written by Airbyte 2.x). */
    public static final long NULL_GENERATION = -1;

    public TableInspector() {}

    /** Column name to {@code format_type} text, in column order; empty when the table does not exist. */
    public Map<String, String> columns(Connection c, QualifiedName table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        String query = CatalogSql.columnTypes();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, table.schema().name());
            ps.setString(2, table.table().name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query);
        }
        return columns;
    }

    /** {@link #columns(Connection, QualifiedName)} of several tables, in one query. */
    public Map<QualifiedName, Map<String, String>> columns(Connection c, List<QualifiedName> tables)
            throws SQLException {
        Map<QualifiedName, Map<String, String>> columns = new LinkedHashMap<>();
        tables.forEach(table -> columns.put(table, new LinkedHashMap<>()));
        String query = CatalogSql.columnTypesOfTables();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "text", tables.stream().map(t -> t.schema().name()).toArray()));
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "text", tables.stream().map(t -> t.table().name()).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.get(tables.get(rs.getInt(1) - 1)).put(rs.getString(2), rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query);
        }
        return columns;
    }

    public boolean exists(Connection c, QualifiedName table) throws SQLException {
        return Sql.queryExists(c, CatalogSql.tableExists(), table.quoted());
    }

    /** Those of {@code tables} that exist, in one query. */
    public List<QualifiedName> existing(Connection c, List<QualifiedName> tables) throws SQLException {
        String query = CatalogSql.existingTables();
        List<QualifiedName> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setArray(
                    1,
                    c.createArrayOf(
                            "text", tables.stream().map(QualifiedName::quoted).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(tables.get(rs.getInt(1) - 1));
                }
            }
        } catch (SQLException e) {
            throw StatementFailedException.of(e, query);
        }
        return found;
    }

    public boolean hasRows(Connection c, QualifiedName table) throws SQLException {
        return Sql.queryLong(c, CatalogSql.hasRows(table)) == 1;
    }

    /**
     * The generation of one row of the table (any); empty when it has no row, {@link #NULL_GENERATION} for a
     * row without one.
     */
    public Optional<Long> anyRowGeneration(Connection c, QualifiedName table) throws SQLException {
        return Sql.queryOptionalLong(c, CatalogSql.anyRowGeneration(table), NULL_GENERATION);
    }

    /** The planner's estimate of the table's rows; -1 or 0 when unknown. */
    public long estimatedRows(Connection c, QualifiedName table) throws SQLException {
        BoundSql query = CatalogSql.estimatedRows(table);
        return Sql.queryLong(c, query);
    }

    /** The plan's columns as they exist in the table (the final table must have been prepared). */
    public List<TypedColumn> typedColumns(Connection c, QualifiedName table, List<ColumnPlan> plan)
            throws SQLException {
        return typedColumns(columns(c, table), table, plan);
    }

    /** Like {@link #typedColumns(Connection, QualifiedName, List)} from the table's {@link #columns} read before. */
    public List<TypedColumn> typedColumns(Map<String, String> existing, QualifiedName table, List<ColumnPlan> plan) {
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
