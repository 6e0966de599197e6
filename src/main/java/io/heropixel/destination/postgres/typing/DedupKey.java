package io.heropixel.destination.postgres.typing;

import io.heropixel.destination.postgres.naming.Identifier;
import io.heropixel.destination.postgres.naming.QualifiedName;
import io.heropixel.destination.postgres.naming.StreamPlanner;
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
    private final SqlGenerator sql;

    DedupKey(SqlGenerator sql) {
        this.sql = sql;
    }

    /** True when the table holds rows deduplicated by another key (or not deduplicated at all). */
    boolean changed(Connection c, QualifiedName table, List<Identifier> key) throws SQLException {
        List<String> names = key.stream().map(Identifier::name).toList();
        Identifier index = StreamPlanner.indexName(table, TypingDeduper.INDEX_PRIMARY_KEY);
        List<String> indexed =
                TableReplacer.strings(c, sql.indexColumnsSql(), table.schema().quoted() + "." + index.quoted());
        if (!indexed.isEmpty()) {
            return !indexed.equals(names);
        }
        if (Jdbc.queryLong(c, sql.hasRowsSql(table), 1) == 0) {
            return false;
        }
        List<String> legacy = new ArrayList<>(names);
        legacy.add("_airbyte_extracted_at");
        String wanted = String.join("\u0001", legacy);
        return !TableReplacer.strings(c, sql.indexColumnListsSql(), table.quoted())
                .contains(wanted);
    }
}
