package io.heropixel.destination.postgres.demo;

import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.naming.StreamRegistry;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes the tables the demo's syncs created: the final tables first (row counts, typing changes, a few
 * rows), then the connector's internal raw and staging tables, labelled as such (row counts only).
 */
final class DemoReport {
    private static final int SAMPLE_ROWS = 3;
    private static final int MAX_VALUE_WIDTH = 40;
    private static final int MAX_ROW_WIDTH = 160;
    private static final String TMP_SUFFIX = "_airbyte_tmp";
    private static final String TYPED_SUFFIX = "_airbyte_typed";

    private DemoReport() {}

    /** The report for every table outside the system schemas; {@code rawSchema} holds the internal tables. */
    static String describe(Connection connection, String rawSchema) throws SQLException {
        List<QualifiedName> tables = tables(connection);
        StringBuilder report = new StringBuilder(
                "\nYour tables (one typed column per field; a few rows each, without the _airbyte_ columns):");
        List<QualifiedName> internal = new ArrayList<>();
        for (QualifiedName table : tables) {
            if (internalKind(table, rawSchema) != null) {
                internal.add(table);
                continue;
            }
            report.append("\n  ").append(heading(connection, table)).append('\n');
            appendChanges(connection, table, report);
            appendSample(connection, table, report);
        }
        if (internal.size() == tables.size()) {
            report.append("\n  none (with disable_type_dedupe the records stay in the raw tables below)\n");
        }
        report.append("\nInternal tables of the connector (raw records as received, and tables it builds while"
                + " loading; not meant for queries):\n");
        for (QualifiedName table : internal) {
            report.append("  ")
                    .append(heading(connection, table))
                    .append("  ")
                    .append(internalKind(table, rawSchema))
                    .append('\n');
        }
        return report.toString().stripTrailing();
    }

    /** "raw table", "staging table", "table registry", or null for a final table. */
    private static String internalKind(QualifiedName table, String rawSchema) {
        String name = table.table().name();
        if (name.equals(StreamRegistry.TABLE) && table.schema().name().equals(rawSchema)) {
            return "table registry (which tables each stream writes)";
        }
        if (name.endsWith(TMP_SUFFIX) || name.endsWith(TYPED_SUFFIX)) {
            return "staging table";
        }
        return table.schema().name().equals(rawSchema) ? "raw table" : null;
    }

    private static String heading(Connection connection, QualifiedName table) throws SQLException {
        long rows = count(connection, "SELECT count(*) FROM " + table.quoted());
        return table.schema().name() + "." + table.table().name() + "  (" + rows + (rows == 1 ? " row)" : " rows)");
    }

    private static List<QualifiedName> tables(Connection connection) throws SQLException {
        List<QualifiedName> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                                + " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                                + " AND table_schema NOT LIKE 'pg\\_%' ORDER BY table_schema, table_name");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                tables.add(QualifiedName.of(rs.getString(1), rs.getString(2)));
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
                    if (StreamPlanner.META_COLUMNS.contains(name)) {
                        continue;
                    }
                    row.append(name)
                            .append('=')
                            .append(shorten(rs.getString(i)))
                            .append("  ");
                }
                report.append(shorten(row.toString().stripTrailing(), MAX_ROW_WIDTH))
                        .append('\n');
            }
        }
    }

    private static String shorten(String value) {
        return value == null ? "NULL" : shorten(value, MAX_VALUE_WIDTH);
    }

    private static String shorten(String value, int width) {
        return value.length() <= width ? value : value.substring(0, width - 1) + "…";
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
