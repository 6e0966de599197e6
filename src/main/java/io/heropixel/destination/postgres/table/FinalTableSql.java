package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.catalog.ColumnPlan;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** SQL that creates and evolves final tables and their indexes: pure functions returning text. */
public final class FinalTableSql {
    private static final String META_COLUMNS =
            "_airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id";

    private FinalTableSql() {}

    /** The final table: user columns in schema order, then the meta columns; no primary key. */
    public static String create(QualifiedName table, List<ColumnPlan> columns, boolean unconstrainedNumber) {
        List<String> defs = new ArrayList<>();
        for (ColumnPlan column : columns) {
            defs.add(column.column().quoted() + " " + ColumnTypes.ddlType(column.type(), unconstrainedNumber));
        }
        defs.add("_airbyte_raw_id varchar(36) NOT NULL");
        defs.add("_airbyte_extracted_at timestamp with time zone NOT NULL");
        defs.add("_airbyte_meta jsonb NOT NULL");
        defs.add("_airbyte_generation_id bigint");
        return "CREATE TABLE IF NOT EXISTS " + table.quoted() + " (" + String.join(", ", defs) + ")";
    }

    /** The quoted columns in order, then the meta columns: the column list of every write into a final table. */
    public static String columnList(List<TypedColumn> columns) {
        List<String> names = new ArrayList<>();
        for (TypedColumn column : columns) {
            names.add(column.column().quoted());
        }
        names.add(META_COLUMNS);
        return String.join(", ", names);
    }

    public static String alterColumnType(QualifiedName table, Identifier column, String sqlType, String using) {
        return "ALTER TABLE " + table.quoted() + " ALTER COLUMN " + column.quoted() + " TYPE " + sqlType + " USING "
                + using;
    }

    /** The columns an empty table gets in a new type (no value needs converting). */
    public static String retypeEmptyColumn(QualifiedName table, Identifier column, String sqlType) {
        return alterColumnType(table, column, sqlType, "NULL::" + sqlType);
    }

    public static String createIndex(Identifier index, QualifiedName table, List<Identifier> columns) {
        return "CREATE INDEX IF NOT EXISTS " + index.quoted() + " ON " + table.quoted() + " ("
                + columns.stream().map(Identifier::quoted).collect(Collectors.joining(", ")) + ")";
    }

    public static String dropIndex(Identifier schema, Identifier index) {
        return "DROP INDEX IF EXISTS " + schema.quoted() + "." + index.quoted();
    }

    public static String renameIndex(Identifier schema, Identifier index, Identifier newName) {
        return "ALTER INDEX IF EXISTS " + schema.quoted() + "." + index.quoted() + " RENAME TO " + newName.quoted();
    }

    public static String deleteAllRows(QualifiedName table) {
        return "DELETE FROM " + table.quoted();
    }
}
