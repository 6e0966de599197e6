package io.heropixel.destination.postgres.table;

import io.heropixel.destination.postgres.naming.StreamPlanner;
import io.heropixel.destination.postgres.sql.Identifier;
import io.heropixel.destination.postgres.sql.QualifiedName;
import java.util.List;

/** The connector's indexes: each has a purpose, and its name is the table's name plus that purpose. */
public final class IndexNames {
    public static final String EXTRACTED_AT = "extracted_at";
    public static final String PRIMARY_KEY = "pk";
    public static final String UNPROCESSED = "unprocessed";
    public static final String DELETIONS = "deletions";
    static final List<String> PURPOSES = List.of(EXTRACTED_AT, PRIMARY_KEY, UNPROCESSED, DELETIONS);
    /** The column of the extracted_at index. */
    public static final List<Identifier> EXTRACTED_AT_COLUMNS = List.of(Identifier.of("_airbyte_extracted_at"));

    private IndexNames() {}

    public static Identifier of(QualifiedName table, String purpose) {
        return StreamPlanner.indexName(table, purpose);
    }

    /** The index's quoted, schema-qualified name (a bind value for {@code to_regclass}). */
    static String qualified(QualifiedName table, String purpose) {
        return table.schema().quoted() + "." + of(table, purpose).quoted();
    }
}
