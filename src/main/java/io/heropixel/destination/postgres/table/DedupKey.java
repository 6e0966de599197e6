package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import io.heropixel.destination.postgres.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells whether the rows of an existing final table were deduplicated by the stream's current primary key
 * and cursor: the columns of its {@code <table>_pk} index record the key it was deduplicated by. A table
 * without that index was written by append (or holds no rows), or by Airbyte 2.x, whose unnamed index
 * covers the key, the cursor and {@code _airbyte_extracted_at}.
 */
final class DedupKey {
    private DedupKey() {}

    /** True when the table holds rows deduplicated by another key (or not deduplicated at all). */
    static boolean changed(Connection c, QualifiedName table, List<Identifier> key) throws SQLException {
        List<String> names = key.stream().map(Identifier::name).toList();
        List<String> indexed =
                Sql.queryStrings(c, CatalogSql.indexColumns(), IndexNames.qualified(table, IndexNames.PRIMARY_KEY));
        if (!indexed.isEmpty()) {
            return !indexed.equals(names);
        }
        if (Sql.queryLong(c, CatalogSql.hasRows(table)) == 0) {
            return false;
        }
        List<String> legacy = new ArrayList<>(names);
        legacy.add("_airbyte_extracted_at");
        String wanted = String.join("\u0001", legacy);
        return !Sql.queryStrings(c, CatalogSql.indexColumnLists(), table.quoted())
                .contains(wanted);
    }
}
