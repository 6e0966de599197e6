package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DDL every table shares, and the statements of swaps and replacements (drop, move, rename, refill): pure
 * functions returning text.
 */
public final class TableSql {
    private TableSql() {}

    public static String createSchema(Identifier schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + schema.quoted();
    }

    /** Adds a nullable column unless it exists (Postgres 9.6+). */
    public static String addColumnIfMissing(QualifiedName table, Identifier column, String sqlType) {
        return "ALTER TABLE " + table.quoted() + " ADD COLUMN IF NOT EXISTS " + column.quoted() + " " + sqlType;
    }

    public static String dropTable(QualifiedName table, boolean cascade) {
        return "DROP TABLE IF EXISTS " + table.quoted() + (cascade ? " CASCADE" : "");
    }

    public static String renameTable(QualifiedName table, Identifier newName) {
        return "ALTER TABLE " + table.quoted() + " RENAME TO " + newName.quoted();
    }

    public static String setSchema(QualifiedName table, Identifier schema) {
        return "ALTER TABLE " + table.quoted() + " SET SCHEMA " + schema.quoted();
    }

    public static String truncate(QualifiedName table) {
        return "TRUNCATE TABLE " + table.quoted();
    }

    /** Taken before a transaction's first query, so its snapshot sees every row committed before. */
    public static String lockExclusive(QualifiedName table) {
        return "LOCK TABLE " + table.quoted() + " IN ACCESS EXCLUSIVE MODE";
    }

    /** Copies every row of {@code source} into {@code target}, naming the columns (the target may have more). */
    public static String copyRows(QualifiedName source, QualifiedName target, List<Identifier> columns) {
        String list = columns.stream().map(Identifier::quoted).collect(Collectors.joining(", "));
        return "INSERT INTO " + target.quoted() + " (" + list + ") SELECT " + list + " FROM " + source.quoted();
    }
}
