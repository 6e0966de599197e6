package io.heropixel.destination.postgres.demo;

import io.heropixel.destination.postgres.naming.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Describes the tables a demo sync created: names, row counts, a few rows, typing changes. */
final class DemoReport {
    private static final int SAMPLE_ROWS = 3;
    private static final int MAX_VALUE_WIDTH = 40;

    private DemoReport() {}

    static String describe(Connection connection, List<String> schemas) throws SQLException {
        StringBuilder report = new StringBuilder();
        for (QualifiedName table : tables(connection, schemas)) {
            long rows = count(connection, "SELECT count(*) FROM " + table.quoted());
            report.append("\n")
                    .append(table.schema().name())
                    .append('.')
                    .append(table.table().name())
                    .append("  (")
                    .append(rows)
                    .append(rows == 1 ? " row" : " rows")
                    .append(")\n");
            if (!table.table().name().contains("_raw__stream_")) {
                appendChanges(connection, table, report);
            }
            appendSample(connection, table, report);
        }
        return report.toString();
    }

    private static List<QualifiedName> tables(Connection connection, List<String> schemas) throws SQLException {
        List<QualifiedName> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY (?)"
                        + " AND table_type = 'BASE TABLE' ORDER BY table_schema <> ?, table_schema, table_name")) {
            statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            statement.setString(2, schemas.get(0));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(QualifiedName.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables;
    }

    private static void appendChanges(Connection connection, QualifiedName table, StringBuilder report)
            throws SQLException {
        String sql = "SELECT change->>'field', change->>'change', change->>'reason', count(*) FROM "
                + table.quoted() + ", jsonb_array_elements(_airbyte_meta->'changes') AS change"
                + " GROUP BY 1, 2, 3 ORDER BY 4 DESC";
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                report.append("    typing change: field '")
                        .append(rs.getString(1))
                        .append("' ")
                        .append(rs.getString(2))
                        .append(" (")
                        .append(rs.getString(3))
                        .append(") in ")
                        .append(rs.getLong(4))
                        .append(" rows\n");
            }
        }
    }

    private static void appendSample(Connection connection, QualifiedName table, StringBuilder report)
            throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table.quoted() + " LIMIT " + SAMPLE_ROWS)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("    ");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnLabel(i);
                    if (name.equals("_airbyte_raw_id") || name.equals("_airbyte_generation_id")) {
                        continue;
                    }
                    row.append(name)
                            .append('=')
                            .append(shorten(rs.getString(i)))
                            .append("  ");
                }
                report.append(row.toString().stripTrailing()).append('\n');
            }
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return "NULL";
        }
        return value.length() <= MAX_VALUE_WIDTH ? value : value.substring(0, MAX_VALUE_WIDTH - 1) + "…";
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
